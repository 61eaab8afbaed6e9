import { defineEventHandler, getRouterParam } from 'h3'
import { answer, bearer, notFound } from '../../../../../http/epay-sandbox'
import { activeSandboxEmulator } from '../../../../../integrations/epay'

// The sandbox Epay's cancel (POST /operation/:id/cancel, Bearer).
export default defineEventHandler((event) => {
  const em = activeSandboxEmulator() ?? notFound()
  return answer(event, em.cancel(getRouterParam(event, 'id') ?? '', bearer(event)))
})
