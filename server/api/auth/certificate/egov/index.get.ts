import { z } from 'zod'
import { clientIp, defineApiRoute } from '../../../../http'
import { egovLoginAvailable } from '../../../../domains/auth'

export default defineApiRoute(
  {
    summary: 'Whether sign-in with eGov mobile by QR is offered',
    description: 'Public: true when an eGov QR service (EGOV_QR_URL) or its sandbox is configured. 429 over 900 a quarter-hour per address (shared with following a QR sign-in).',
    tags: ['auth'],
    access: 'public',
    errors: [429],
    response: z.object({ available: z.boolean() }),
  },
  async (event) => ({ available: await egovLoginAvailable(clientIp(event)) }),
)
