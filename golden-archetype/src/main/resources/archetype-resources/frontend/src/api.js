import { apiBaseUrl } from './config.js'

const TOKEN_KEY = 'apiToken'

export class AuthRequired extends Error {}

export function storedToken() {
  return window.sessionStorage.getItem(TOKEN_KEY)
}

export function logout() {
  window.sessionStorage.removeItem(TOKEN_KEY)
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
// default tenant); a tenant id chosen in the UI is sent as X-Tenant-ID and checked there.
export async function fetchCustomers({ tenantId } = {}) {
  const headers = { Accept: 'application/json' }
  const token = storedToken()
  if (token) headers.Authorization = `Token ${token}`
  if (tenantId) headers['X-Tenant-ID'] = tenantId
  const response = await fetch(`${apiBaseUrl()}/api/v1/customers/`, { headers, credentials: 'include' })
  if (response.status === 401 || (response.status === 403 && !token)) {
    throw new AuthRequired('Please log in.')
  }
  if (!response.ok) {
    throw new Error(`Loading customers failed: HTTP ${response.status}`)
  }
  const body = await response.json()
  return Array.isArray(body) ? body : body.results
}
