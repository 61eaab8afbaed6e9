import { z } from 'zod'
import { defineApiRoute, requireWorkspaceMember } from '../../../../http'
import { activateModule, ZModuleSchema, ZModuleViewSchema } from '../../../../domains/workspace'

export default defineApiRoute(
  {
    summary: 'Activate a module',
    description: 'Admins. Idempotent; publishes ModuleActivated when the module was off.',
    tags: ['workspace'],
    access: 'user',
    params: z.object({ id: z.string(), module: ZModuleSchema }),
    errors: [403, 404, 409],
    response: ZModuleViewSchema,
  },
  async (event, { params }) => {
    const ctx = await requireWorkspaceMember(event, params.id, { minRole: 'admin' })
    return activateModule(ctx, params.module)
  },
)
