import { defineApiRoute } from '../../../http'
import { createOrder, ZCreateOrderSchema, ZOrderViewSchema } from '../../../domains/billing'

export default defineApiRoute(
  {
    summary: 'Place an order',
    description: 'Lines are priced on the server: a top-up at the amount asked, a document at its template version’s price. Part may be paid from the balance (useBalanceMinor).',
    tags: ['billing'],
    access: 'user',
    status: 201,
    body: ZCreateOrderSchema,
    errors: [404],
    response: ZOrderViewSchema,
  },
  async (_event, { body, auth }) => createOrder(auth.user.id, body, auth.user.locale),
)
