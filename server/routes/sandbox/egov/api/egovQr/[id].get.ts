import { defineEventHandler, getRouterParam } from 'h3'
import { activeSandboxEgov } from '../../../../../integrations'
import { answerOrDrop, callerGone, notFound } from '../../../../../http/egov-sandbox'

// The sandbox eGov QR service: the signatures, held until the phone has signed (or declined).
export default defineEventHandler(async (event) => {
  const em = activeSandboxEgov() ?? notFound()
  return answerOrDrop(event, await em.getSignatures(getRouterParam(event, 'id') ?? '', callerGone(event)))
})
