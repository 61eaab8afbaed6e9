import { z } from 'zod'
import { clientIp, defineApiRoute } from '../../../../../http'
import { getPartyEgovSession, ZEgovSignSessionSchema } from '../../../../../domains/explorer'

export default defineApiRoute(
  {
    summary: 'A party\'s QR signing, as it stands',
    description:
      'Public, by the party\'s link: `waiting_scan` (show the QR), `waiting_signature` (the phone has the document), `signed`, `failed` (with the reason\'s message key and params), `expired`, `cancelled`. The page asks every few seconds. 404 for another party\'s session.',
    tags: ['signing'],
    access: 'public',
    params: z.object({ token: z.string().min(1).max(128), id: z.string().min(1).max(64) }),
    errors: [404, 429],
    response: ZEgovSignSessionSchema,
  },
  async (event, { params }) => getPartyEgovSession(params.token, params.id, clientIp(event)),
)
