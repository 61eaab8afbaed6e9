import { z } from 'zod'
import { defineApiRoute, requireWorkspaceMember } from '../../../../http'
import { listModules, ZModuleViewSchema } from '../../../../domains/workspace'

export default defineApiRoute(
  {
    summary: 'Modules of a workspace',
    description: 'Every product module with whether it is active here.',
    tags: ['workspace'],
    access: 'user',
    params: z.object({ id: z.string() }),
    errors: [403, 404],
    response: z.object({ items: z.array(ZModuleViewSchema) }),
  },
  async (event, { params }) => {
    const ctx = await requireWorkspaceMember(event, params.id)
    return { items: await listModules(ctx.workspace.id) }
  },
)
