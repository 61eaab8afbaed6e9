import { z } from 'zod'
import { defineApiRoute } from '../../../http'
import { handleEpayCallback } from '../../../domains/billing'

export default defineApiRoute(
  {
    summary: 'Epay payment callback (postLink)',
    description:
      'Called by Epay after a payment. Trusted only after the echoed secret_hash, amount and currency match the payment and Epay’s status API confirms it; safe to receive more than once.',
    tags: ['billing'],
    access: 'public',
    body: z.looseObject({ invoiceId: z.union([z.string(), z.number()]) }),
    errors: [404],
    response: z.object({ outcome: z.enum(['paid', 'already_paid', 'failed', 'ignored', 'pending']) }),
  },
  async (_event, { body }) => handleEpayCallback(body, 'success'),
)
