import { defineConfig } from 'vite'
import react from '@vitejs/plugin-react'

// The API base URL is not baked into the bundle: it comes from /env-config.js at run
// time (window.ENV), so one image serves every environment.
export default defineConfig({
  plugins: [react()],
  server: {
    proxy: {
      '/api': process.env.VITE_DEV_API_PROXY || 'http://127.0.0.1:8000',
    },
  },
})
