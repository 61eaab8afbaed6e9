import { z } from 'zod'
import { clientIp, defineApiRoute } from '../../../../../http'
import { getEgovLogin } from '../../../../../domains/auth'
import { ZEgovSignSessionSchema } from '../../../../../../shared/signing'

export default defineApiRoute(
  {
    summary: 'Sign in with eGov mobile by QR: where it stands',
    description: 'Public (the id is random; the answer carries no signature): `waiting_scan`, `waiting_signature`, `signed` (then sign in with the secret), `failed`, `expired`, `cancelled`. 404 once used or gone.',
    tags: ['auth'],
    access: 'public',
    params: z.object({ id: z.string().min(1).max(64) }),
    errors: [404, 429],
    response: ZEgovSignSessionSchema,
  },
  async (event, { params }) => getEgovLogin(params.id, clientIp(event)),
)
