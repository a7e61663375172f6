import { apiBaseUrl } from './config.js'

const TOKEN_KEY = 'apiToken'
const TENANT_KEY = 'tenantId'

/** The API said 401 (or 403 without a token): show the login form. */
export class AuthRequired extends Error {}

/** A non-2xx answer; `fields` holds DRF's validation errors ({field: [message, ...]}). */
export class ApiError extends Error {
  constructor(message, status, fields = {}) {
    super(message)
    this.status = status
    this.fields = fields
  }
}

export function storedToken() {
  return window.sessionStorage.getItem(TOKEN_KEY)
}

export function storedTenant() {
  return window.sessionStorage.getItem(TENANT_KEY)
}

export function storeTenant(tenantId) {
  window.sessionStorage.setItem(TENANT_KEY, tenantId)
}

export function logout() {
  window.sessionStorage.removeItem(TOKEN_KEY)
  window.sessionStorage.removeItem(TENANT_KEY)
}

export async function login(username, password) {
  const response = await fetch(`${apiBaseUrl()}/api/v1/auth/token/`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
    body: JSON.stringify({ username, password }),
  })
  if (!response.ok) {
    throw new Error(response.status === 400 ? 'Wrong username or password.' : `Login failed: HTTP ${response.status}`)
  }
  const { token } = await response.json()
  window.sessionStorage.setItem(TOKEN_KEY, token)
}

// The tenant is resolved by the backend (X-Tenant-ID, domain, subdomain, or the user's
// default tenant); the tenant picked in the switcher is sent as X-Tenant-ID and checked there.
async function request(path, { method = 'GET', body, tenantId } = {}) {
  const headers = { Accept: 'application/json' }
  const token = storedToken()
  if (token) headers.Authorization = `Token ${token}`
  if (tenantId) headers['X-Tenant-ID'] = tenantId
  if (body !== undefined) headers['Content-Type'] = 'application/json'
  const response = await fetch(`${apiBaseUrl()}${path}`, {
    method,
    headers,
    credentials: 'include',
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  if (response.status === 401 || (response.status === 403 && !token)) {
    throw new AuthRequired('Please log in.')
  }
  if (response.status === 204) return null
  const data = await response.json().catch(() => null)
  if (!response.ok) {
    const fields = response.status === 400 && data && typeof data === 'object' ? data : {}
    const detail = data && data.detail ? data.detail : `HTTP ${response.status}`
    throw new ApiError(response.status === 400 ? 'Please correct the errors below.' : detail, response.status, fields)
  }
  return data
}

export function fetchMe() {
  return request('/api/v1/me/')
}

export async function fetchCustomers(tenantId) {
  const body = await request('/api/v1/customers/', { tenantId })
  return Array.isArray(body) ? body : body.results
}

export function saveCustomer(tenantId, customer) {
  const { id, ...fields } = customer
  return id
    ? request(`/api/v1/customers/${id}/`, { method: 'PATCH', body: fields, tenantId })
    : request('/api/v1/customers/', { method: 'POST', body: fields, tenantId })
}

export function deleteCustomer(tenantId, id) {
  return request(`/api/v1/customers/${id}/`, { method: 'DELETE', tenantId })
}
