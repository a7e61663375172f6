// Runtime configuration from /env-config.js (window.ENV). An empty API_BASE_URL means
// "same origin": the host nginx routes /api/ to the backend.
export function apiBaseUrl() {
  const env = (typeof window !== 'undefined' && window.ENV) || {}
  return (env.API_BASE_URL || '').replace(/\/+$/, '')
}

export function environmentName() {
  const env = (typeof window !== 'undefined' && window.ENV) || {}
  return env.ENVIRONMENT || 'unknown'
}
