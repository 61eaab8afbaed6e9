import { defineEventHandler } from 'h3'
import { AppError } from '../lib/errors'
import { sendError } from '../lib/error-response'

// Unknown /api paths answer a JSON 404 (never the HTML error page).
export default defineEventHandler((event) =>
  sendError(event, new AppError('NOT_FOUND', `No API route ${event.method} ${event.path}`, { messageKey: 'errors.no_route' })),
)
