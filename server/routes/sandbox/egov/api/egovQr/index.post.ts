import { defineEventHandler } from 'h3'
import { activeSandboxEgov } from '../../../../../integrations'
import { answerOrDrop, readJson, notFound } from '../../../../../http/egov-sandbox'

// The sandbox eGov QR service: register a procedure (POST /api/egovQr {description}).
export default defineEventHandler(async (event) => {
  const em = activeSandboxEgov() ?? notFound()
  return answerOrDrop(event, await em.register(await readJson(event, 64 * 1024)))
})
