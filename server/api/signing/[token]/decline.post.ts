import { z } from 'zod'
import { defineApiRoute, requestMeta } from '../../../http'
import { declineAsParty, ZDeclineSchema, ZSigningInvitationSchema } from '../../../domains/explorer'

export default defineApiRoute(
  {
    summary: 'Decline to sign',
    description: 'Public, by the party\'s link, with a reason the sender reads: the request closes as declined for every party. 409 `not_your_turn`, `party_done`, `request_closed`.',
    tags: ['signing'],
    access: 'public',
    params: z.object({ token: z.string().min(1).max(128) }),
    body: ZDeclineSchema,
    errors: [404, 409, 429],
    response: ZSigningInvitationSchema,
  },
  async (event, { params, body }) => declineAsParty(params.token, requestMeta(event), body),
)
