import { z } from 'zod'
import { defineApiRoute, requireUser } from '../../http'
import { listMyWorkspaces, ZWorkspaceViewSchema } from '../../domains/workspace'

export default defineApiRoute(
  {
    summary: 'My workspaces',
    description: 'The personal space (created on first call) and every company workspace I belong to, with my role.',
    tags: ['workspace'],
    access: 'user',
    errors: [],
    response: z.object({ items: z.array(ZWorkspaceViewSchema) }),
  },
  async (event) => {
    const ctx = await requireUser(event)
    return { items: await listMyWorkspaces(ctx.user.id) }
  },
)
