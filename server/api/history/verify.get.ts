import { defineApiRoute } from '../../http'
import { verifyChain, ZChainReportSchema } from '../../domains/history'

export default defineApiRoute(
  {
    summary: 'Verify the audit hash chain (admins)',
    description:
      'Recomputes every hash of every scope and checks each chain against the signed checkpoints; problems names each broken scope.',
    tags: ['history', 'admin'],
    access: 'admin',
    errors: [],
    response: ZChainReportSchema,
  },
  async () => {
    return verifyChain()
  },
)
