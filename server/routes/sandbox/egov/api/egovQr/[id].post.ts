import { defineEventHandler, getRouterParam } from 'h3'
import { activeSandboxEgov } from '../../../../../integrations'
import { answerOrDrop, callerGone, readJson, notFound } from '../../../../../http/egov-sandbox'

// The sandbox eGov QR service: the documents to sign, held until the phone has scanned the QR.
export default defineEventHandler(async (event) => {
  const em = activeSandboxEgov() ?? notFound()
  const body = await readJson(event)
  return answerOrDrop(event, await em.postData(getRouterParam(event, 'id') ?? '', body, callerGone(event)))
})
