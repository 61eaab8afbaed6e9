import { z } from 'zod'
import { defineApiRoute, requestMeta } from '../../../../../../http'
import { cancelFileEgovSession, ZEgovSignSessionSchema } from '../../../../../../domains/explorer'

export default defineApiRoute(
  {
    summary: 'Close a QR signing of a file',
    description: 'The member who started it: the QR stops being followed. A finished session is answered as it is.',
    tags: ['explorer'],
    access: 'user',
    params: z.object({ id: z.uuid(), sid: z.string().min(1).max(64) }),
    errors: [404],
    response: ZEgovSignSessionSchema,
  },
  async (event, { params, auth }) => cancelFileEgovSession(auth, requestMeta(event), params.id, params.sid),
)
