import { defineEventHandler, getRouterParam, setResponseStatus } from 'h3'
import { ZSandboxEgovSignSchema } from '../../../../../../shared/signing'
import { activeSandboxEgov, sandboxSignDocument } from '../../../../../integrations'
import { notFound, phoneRefusal, readJson } from '../../../../../http/egov-sandbox'

// The sandbox phone signs every document with a certificate issued from EGOV_QR_SANDBOX_CA
// for the name and IIN (and BIN) typed on the page.
export default defineEventHandler(async (event) => {
  const em = activeSandboxEgov() ?? notFound()
  const parsed = ZSandboxEgovSignSchema.safeParse(await readJson(event, 4096))
  if (!parsed.success) {
    setResponseStatus(event, 400)
    return { message: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') }
  }
  const identity = parsed.data
  try {
    return await em.sign(getRouterParam(event, 'id') ?? '', (data, attach) => sandboxSignDocument(identity, data, attach))
  } catch (e) {
    return phoneRefusal(event, e)
  }
})
