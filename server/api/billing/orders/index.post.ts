import { defineApiRoute } from '../../../http'
import { createOrder, ZCreateOrderSchema, ZOrderViewSchema } from '../../../domains/billing'

export default defineApiRoute(
  {
    summary: 'Place an order',
    description: 'Lines are priced on the server: a top-up at the amount asked, a document at its template version’s price, a plan as the subscription domain quotes it (an upgrade has the unused days of the current period taken off). Part may be paid from the balance (useBalanceMinor). With `workspaceId` it is a company workspace’s purchase (its plan or a top-up of its balance; not a document), by one of its owners or admins (else 403), paid from the workspace’s balance.',
    tags: ['billing'],
    access: 'user',
    status: 201,
    body: ZCreateOrderSchema,
    errors: [403, 404, 409],
    response: ZOrderViewSchema,
  },
  async (_event, { body, auth }) => createOrder(auth.user.id, body, auth.user.locale),
)
