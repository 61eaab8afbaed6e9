import { z } from 'zod'
import { defineApiRoute, requireRole } from '../../../http'
import { listTemplates, ZTemplateViewSchema } from '../../../domains/document'

export default defineApiRoute(
  {
    summary: 'List constructor templates',
    description: 'Lawyers and admins: the platform templates, or one workspace\'s (workspaceId, members only; others get an empty list).',
    tags: ['document'],
    access: 'user',
    query: z.object({ workspaceId: z.uuid().optional() }),
    errors: [403],
    response: z.array(ZTemplateViewSchema),
  },
  async (event, { query }) => {
    const { user } = await requireRole(event, 'lawyer')
    return listTemplates(user, query.workspaceId ?? null)
  },
)
