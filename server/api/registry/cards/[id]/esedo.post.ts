import { z } from 'zod'
import { defineApiRoute, requestMeta } from '../../../../http'
import { requestEsedoSend, ZCardViewSchema, ZEsedoSendRequestSchema } from '../../../../domains/registry'

export default defineApiRoute(
  {
    summary: 'Send a signed document through ESEDO',
    description:
      'Queues the card\'s signed file for the organisation whose BIN is `recipientId`; the worker calls the ESEDO gateway (its sandbox when ESEDO_URL is empty) and the card\'s `esedo` says queued, sent or failed. A company workspace\'s members (409 `esedo_company_only` otherwise); the card must be signed (409 `not_signed`) with a file (`esedo_no_file`) and not sent already (`esedo_pending`).',
    tags: ['registry'],
    access: 'user',
    status: 202,
    params: z.object({ id: z.uuid() }),
    body: ZEsedoSendRequestSchema,
    errors: [400, 403, 404, 409],
    response: ZCardViewSchema,
  },
  async (event, { params, body, auth }) => requestEsedoSend(auth, requestMeta(event), params.id, body),
)
