import { z } from 'zod'
import { defineApiRoute } from '../../../../http'
import { setBalancePart, ZBalancePartSchema, ZOrderViewSchema } from '../../../../domains/billing'

export default defineApiRoute(
  {
    summary: 'Choose how much of an order my balance pays',
    description: 'Before a card payment is under way. The rest is paid by card; the whole total from the balance is then paid with pay-balance. 400 above the total or the balance.',
    tags: ['billing'],
    access: 'user',
    params: z.object({ id: z.uuid() }),
    body: ZBalancePartSchema,
    errors: [403, 404, 409],
    response: ZOrderViewSchema,
  },
  async (_event, { params, body, auth }) => setBalancePart(auth.user.id, params.id, body.useBalanceMinor),
)
