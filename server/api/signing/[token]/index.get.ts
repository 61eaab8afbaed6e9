import { z } from 'zod'
import { clientIp, defineApiRoute } from '../../../http'
import { getSigningInvitation, ZSigningInvitationSchema } from '../../../domains/explorer'

export default defineApiRoute(
  {
    summary: 'A party\'s signing page',
    description:
      'Public: the link mailed to a party is its key. The document (name, size, SHA-256), who sent it, the deadline, the party\'s own turn and the IIN/BIN its certificate must carry, every party\'s name, role and status, and the signatures so far (IIN masked). One 404 for an unknown, cancelled or trashed request; 429 over 120 a quarter-hour per address.',
    tags: ['signing'],
    access: 'public',
    params: z.object({ token: z.string().min(1).max(128) }),
    errors: [404, 429],
    response: ZSigningInvitationSchema,
  },
  async (event, { params }) => getSigningInvitation(params.token, clientIp(event)),
)
