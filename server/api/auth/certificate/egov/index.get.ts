import { z } from 'zod'
import { defineApiRoute } from '../../../../http'
import { egovLoginAvailable } from '../../../../domains/auth'

export default defineApiRoute(
  {
    summary: 'Whether sign-in with eGov mobile by QR is offered',
    description: 'Public: true when an eGov QR service (EGOV_QR_URL) or its sandbox is configured.',
    tags: ['auth'],
    access: 'public',
    errors: [],
    response: z.object({ available: z.boolean() }),
  },
  () => ({ available: egovLoginAvailable() }),
)
