import { z } from 'zod'
import { defineApiRoute, requestMeta } from '../../../../http'
import { listSigningRequests, ZSigningRequestViewSchema } from '../../../../domains/explorer'

export default defineApiRoute(
  {
    summary: 'A file\'s signing requests',
    description: 'Newest first (50), each with its parties in order: contacts, required IIN/BIN, status, when invited, reminded, signed or declined (with the reason). Any member who may see the file.',
    tags: ['explorer'],
    access: 'user',
    params: z.object({ id: z.uuid() }),
    errors: [404],
    response: z.array(ZSigningRequestViewSchema),
  },
  async (event, { params, auth }) => listSigningRequests(auth, requestMeta(event), params.id),
)
