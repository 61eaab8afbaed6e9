import { defineEventHandler } from 'h3'
import { handleCors } from '../http/cors'
import { useConfig } from '../lib/config'

// Cross-site browser calls to /api from the origins in CORS_ORIGINS (off when empty).
export default defineEventHandler((event) => {
  if (!event.path.startsWith('/api/')) return
  if (handleCors(event, useConfig().CORS_ORIGINS)) return null
})
