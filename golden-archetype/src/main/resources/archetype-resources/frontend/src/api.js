import { apiBaseUrl } from './config.js'

// The tenant is resolved by the backend (domain, subdomain or the user's default
// tenant); a tenant id chosen in the UI is sent as X-Tenant-ID and checked there.
export async function fetchCustomers({ tenantId } = {}) {
  const headers = { Accept: 'application/json' }
  if (tenantId) headers['X-Tenant-ID'] = tenantId
  const response = await fetch(`${apiBaseUrl()}/api/v1/customers/`, {
    headers,
    credentials: 'include',
  })
  if (!response.ok) {
    throw new Error(`Loading customers failed: HTTP ${response.status}`)
  }
  const body = await response.json()
  return Array.isArray(body) ? body : body.results
}
