import { EsedoProtocolError, parseSendMessageResponse, sendMessageEnvelope, ESEDO_SUCCESS, type TEsedoCredentials, type TEsedoSendInput, type TEsedoSendResult } from './protocol'

const TIMEOUT_MS = 30_000
/** An answer is a status: anything longer is not the gateway's. */
const MAX_ANSWER_BYTES = 1024 * 1024

/**
 * One SendMessage to the gateway. A status other than SCSS001, or a SOAP Fault, is a refusal
 * the caller records (sending it again would be refused again); a network failure, a
 * timeout or a 5xx without a SOAP answer throws, so the event is retried.
 */
export async function sendToEsedo(creds: TEsedoCredentials, input: TEsedoSendInput): Promise<TEsedoSendResult> {
  const res = await fetch(creds.url, {
    method: 'POST',
    headers: { 'content-type': 'text/xml; charset=utf-8', soapaction: '"SendMessage"' },
    body: sendMessageEnvelope(input, creds),
    signal: AbortSignal.timeout(TIMEOUT_MS),
    redirect: 'error',
  })
  const length = Number(res.headers.get('content-length') ?? 0)
  if (length > MAX_ANSWER_BYTES) throw new EsedoProtocolError(`answer of ${length} bytes`)
  const text = await res.text()
  if (text.length > MAX_ANSWER_BYTES) throw new EsedoProtocolError('answer too long')
  let status: { code: string; message: string }
  try {
    status = parseSendMessageResponse(text)
  } catch (e) {
    throw new EsedoProtocolError(`HTTP ${res.status}: ${(e as Error).message}`)
  }
  return { accepted: status.code === ESEDO_SUCCESS, code: status.code, message: status.message, messageId: input.messageId }
}
