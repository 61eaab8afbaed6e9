import { defineEventHandler, getRouterParam } from 'h3'
import { activeSandboxEgov } from '../../../../../integrations'
import { phoneAction, notFound } from '../../../../../http/egov-sandbox'

// The person refuses on the sandbox phone: the held request for signatures answers with the refusal.
export default defineEventHandler((event) => {
  const em = activeSandboxEgov() ?? notFound()
  return phoneAction(event, () => em.decline(getRouterParam(event, 'id') ?? ''))
})
