// Development defaults. Deployed containers get this file replaced (mounted read-only
// at /usr/share/nginx/html/env-config.js) with the environment's values.
window.ENV = {
  API_BASE_URL: '',
  ENVIRONMENT: 'development',
}
