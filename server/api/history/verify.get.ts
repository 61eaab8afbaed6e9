import { z } from 'zod'
import { defineApiRoute } from '../../http'
import { verifyChain } from '../../domains/history'

export default defineApiRoute(
  {
    summary: 'Verify the audit hash chain (admins)',
    description: 'Recomputes every hash; brokenAt is the id of the first row that does not match.',
    tags: ['history', 'admin'],
    access: 'admin',
    errors: [],
    response: z.object({
      ok: z.boolean(),
      checked: z.number().int(),
      brokenAt: z.string().optional(),
      reason: z.enum(['prev_hash_mismatch', 'hash_mismatch']).optional(),
    }),
  },
  async () => {
    return verifyChain()
  },
)
