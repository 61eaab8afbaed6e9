import { createError, defineEventHandler, getRouterParam } from 'h3'
import { activeSandboxEgov } from '../../../../../integrations'
import { notFound } from '../../../../../http/egov-sandbox'

// The sandbox phone's view of a procedure (pages/sandbox/egov/[id].vue): its state and documents.
export default defineEventHandler((event) => {
  const view = (activeSandboxEgov() ?? notFound()).view(getRouterParam(event, 'id') ?? '')
  if (!view) throw createError({ statusCode: 404, statusMessage: 'Unknown procedure' })
  return view
})
