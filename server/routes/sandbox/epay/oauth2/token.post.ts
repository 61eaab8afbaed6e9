import { defineEventHandler } from 'h3'
import { answer, readForm, notFound } from '../../../../http/epay-sandbox'
import { activeSandboxEmulator } from '../../../../integrations/epay'

// The sandbox Epay's OAuth token endpoint (POST /oauth2/token with a form).
export default defineEventHandler(async (event) => {
  const em = activeSandboxEmulator() ?? notFound()
  return answer(event, em.issueToken(await readForm(event)))
})
