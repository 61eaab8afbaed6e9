import { defineEventHandler, getRouterParam } from 'h3'
import { activeSandboxEgov } from '../../../../../integrations'
import { phoneAction, notFound } from '../../../../../http/egov-sandbox'

// The sandbox phone scans the QR: the held hand-over of the documents goes through.
export default defineEventHandler((event) => {
  const em = activeSandboxEgov() ?? notFound()
  return phoneAction(event, () => em.scan(getRouterParam(event, 'id') ?? ''))
})
