import { z } from 'zod'
import { defineApiRoute } from '../../http'
import { getBalance, ZBalanceViewSchema } from '../../domains/billing'

export default defineApiRoute(
  {
    summary: 'My balance (or my company’s)',
    description: 'The balance is the sum of the ledger entries; the latest 50 movements with their reasons. With `workspaceId`: that company workspace’s balance, for its owners and admins (else 403).',
    tags: ['billing'],
    access: 'user',
    query: z.object({ workspaceId: z.uuid().optional() }),
    errors: [403],
    response: ZBalanceViewSchema,
  },
  async (_event, { auth, query }) => getBalance(auth.user.id, query.workspaceId),
)
