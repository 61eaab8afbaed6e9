import { defineEventHandler, getRouterParam } from 'h3'
import { answer, bearer, notFound } from '../../../../../../http/epay-sandbox'
import { activeSandboxEmulator } from '../../../../../../integrations/epay'

// The sandbox Epay's status check (GET /check-status/payment/transaction/:invoiceId, Bearer).
export default defineEventHandler((event) => {
  const em = activeSandboxEmulator() ?? notFound()
  return answer(event, em.status(getRouterParam(event, 'invoiceId') ?? '', bearer(event)))
})
