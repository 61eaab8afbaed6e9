import { z } from 'zod'
import { defineApiRoute, requireWorkspaceMember } from '../../../../http'
import { deactivateModule, ZModuleSchema, ZModuleViewSchema } from '../../../../domains/workspace'

export default defineApiRoute(
  {
    summary: 'Deactivate a module',
    description: 'Admins. Idempotent.',
    tags: ['workspace'],
    access: 'user',
    params: z.object({ id: z.string(), module: ZModuleSchema }),
    errors: [403, 404, 409],
    response: ZModuleViewSchema,
  },
  async (event, { params }) => {
    const ctx = await requireWorkspaceMember(event, params.id, { minRole: 'admin' })
    return deactivateModule(ctx, params.module)
  },
)
