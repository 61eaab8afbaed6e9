import { defineApiRoute, requireRole } from '../../../http'
import { createTemplate, ZCreateTemplateSchema, ZTemplateViewSchema } from '../../../domains/document'

export default defineApiRoute(
  {
    summary: 'Create a template draft',
    description: 'Lawyers and admins. A platform template, or a workspace\'s when workspaceId names one the lawyer belongs to (else 404).',
    tags: ['document'],
    access: 'user',
    status: 201,
    body: ZCreateTemplateSchema,
    errors: [403, 404],
    response: ZTemplateViewSchema,
  },
  async (event, { body }) => {
    const { user } = await requireRole(event, 'lawyer')
    return createTemplate(user, body)
  },
)
