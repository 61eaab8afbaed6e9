import { z } from 'zod'
import { defineApiRoute, requestMeta } from '../../../../../../http'
import { getFileEgovSession, ZEgovSignSessionSchema } from '../../../../../../domains/explorer'

export default defineApiRoute(
  {
    summary: 'A QR signing of a file, as it stands',
    description: 'The member who started it: `waiting_scan`, `waiting_signature`, `signed`, `failed` (with the reason\'s message key), `expired`, `cancelled`. Anyone else\'s session is a 404.',
    tags: ['explorer'],
    access: 'user',
    params: z.object({ id: z.uuid(), sid: z.string().min(1).max(64) }),
    errors: [404],
    response: ZEgovSignSessionSchema,
  },
  async (event, { params, auth }) => getFileEgovSession(auth, requestMeta(event), params.id, params.sid),
)
