import { defineEventHandler, getQuery, getRouterParam } from 'h3'
import { activeSandboxEmulator, fromWireAmount } from '../../../../../integrations/epay'
import { answer, bearer, notFound } from '../../../../../http/epay-sandbox'

// The sandbox Epay's refund (POST /operation/:id/refund[?amount=&externalID=], Bearer).
export default defineEventHandler((event) => {
  const em = activeSandboxEmulator() ?? notFound()
  const q = getQuery(event)
  let amountMinor: number | undefined
  if (typeof q.amount === 'string' && q.amount !== '') {
    try {
      amountMinor = fromWireAmount(q.amount)
    } catch {
      amountMinor = Number.NaN
    }
  }
  const externalId = typeof q.externalID === 'string' ? q.externalID : undefined
  return answer(event, em.refund(getRouterParam(event, 'id') ?? '', amountMinor, externalId, bearer(event)))
})
