import { z } from 'zod'
import { defineApiRoute, requestMeta } from '../../../../../http'
import { cancelPartyEgovSession, ZEgovSignSessionSchema } from '../../../../../domains/explorer'

export default defineApiRoute(
  {
    summary: 'Close a party\'s QR signing',
    description: 'Public, by the party\'s link: the QR stops being followed (a signature the phone sends afterwards is not stored). A finished session is answered as it is.',
    tags: ['signing'],
    access: 'public',
    params: z.object({ token: z.string().min(1).max(128), id: z.string().min(1).max(64) }),
    errors: [404, 429],
    response: ZEgovSignSessionSchema,
  },
  async (event, { params }) => cancelPartyEgovSession(params.token, params.id, requestMeta(event)),
)
