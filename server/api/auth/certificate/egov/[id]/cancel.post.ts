import { z } from 'zod'
import { clientIp, defineApiRoute } from '../../../../../http'
import { cancelEgovLogin } from '../../../../../domains/auth'
import { ZEgovSignSessionSchema } from '../../../../../../shared/signing'

export default defineApiRoute(
  {
    summary: 'Sign in with eGov mobile by QR: close the QR',
    description: 'Public, with the secret the start answered (404 without it).',
    tags: ['auth'],
    access: 'public',
    params: z.object({ id: z.string().min(1).max(64) }),
    body: z.strictObject({ secret: z.string().min(20).max(100) }),
    errors: [404, 429],
    response: ZEgovSignSessionSchema,
  },
  async (event, { params, body }) => cancelEgovLogin(params.id, body.secret, clientIp(event)),
)
