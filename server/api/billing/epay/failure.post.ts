import { z } from 'zod'
import { defineApiRoute } from '../../../http'
import { handleEpayCallback } from '../../../domains/billing'

export default defineApiRoute(
  {
    summary: 'Epay failed-payment callback (failurePostLink)',
    description:
      'Called by Epay when a payment failed. The echoed secret_hash must match; a failure never takes a paid order back.',
    tags: ['billing'],
    access: 'public',
    body: z.looseObject({ invoiceId: z.union([z.string(), z.number()]) }),
    errors: [404],
    response: z.object({ outcome: z.enum(['paid', 'already_paid', 'failed', 'ignored', 'pending']) }),
  },
  async (_event, { body }) => handleEpayCallback(body, 'failure'),
)
