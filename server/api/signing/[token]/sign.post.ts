import { z } from 'zod'
import { defineApiRoute, getCurrentUser, requestMeta } from '../../../http'
import { signAsParty, ZPartySignSchema, ZSigningInvitationSchema } from '../../../domains/explorer'

export default defineApiRoute(
  {
    summary: 'Sign as a party',
    description:
      'Public, by the party\'s link: a CMS (base64) of the version sent, verified like any signature (400 `errors.signature.<problem>`, nothing stored); the certificate must carry the party\'s IIN/BIN when the sender gave them (400 `iin_mismatch`, `bin_mismatch`). 409 `not_your_turn`, `party_done`, `request_closed`. Publishes FileSigned (with the caller\'s account when signed in with the party\'s own email or phone); invites the next step or completes the request.',
    tags: ['signing'],
    access: 'public',
    params: z.object({ token: z.string().min(1).max(128) }),
    body: ZPartySignSchema,
    errors: [404, 409, 413, 429],
    response: ZSigningInvitationSchema,
  },
  async (event, { params, body }) => signAsParty(params.token, requestMeta(event), body, await getCurrentUser(event)),
)
