import { defineApiRoute } from '../../http'
import { getBalance, ZBalanceViewSchema } from '../../domains/billing'

export default defineApiRoute(
  {
    summary: 'My balance',
    description: 'The balance is the sum of my ledger entries; the latest 50 movements with their reasons.',
    tags: ['billing'],
    access: 'user',
    errors: [],
    response: ZBalanceViewSchema,
  },
  async (_event, { auth }) => getBalance(auth.user.id),
)
