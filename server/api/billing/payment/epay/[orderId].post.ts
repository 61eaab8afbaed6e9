import { z } from 'zod'
import { defineApiRoute } from '../../../../http'
import { startEpayPayment, ZEpayStartViewSchema, ZStartEpaySchema } from '../../../../domains/billing'

export default defineApiRoute(
  {
    summary: 'Pay an order by card (Halyk Epay)',
    description:
      'Starts a payment attempt for what the balance does not cover and answers what the browser needs: Epay’s script and the object for halyk.pay(), or (without Epay credentials) the sandbox payment page. 503 when Epay did not answer: the order stays pending with the reason.',
    tags: ['billing'],
    access: 'user',
    params: z.object({ orderId: z.uuid() }),
    body: ZStartEpaySchema,
    errors: [403, 404, 409],
    response: ZEpayStartViewSchema,
  },
  async (_event, { params, body, auth }) => startEpayPayment(auth.user.id, params.orderId, body),
)
