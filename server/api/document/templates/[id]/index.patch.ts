import { z } from 'zod'
import { defineApiRoute, requireRole } from '../../../../http'
import { updateTemplate, ZTemplateViewSchema, ZUpdateTemplateSchema } from '../../../../domains/document'

export default defineApiRoute(
  {
    summary: 'Change a template draft',
    description: 'Lawyers and admins. Published versions and the fillings started from them do not change.',
    tags: ['document'],
    access: 'user',
    params: z.object({ id: z.uuid() }),
    body: ZUpdateTemplateSchema,
    errors: [403, 404],
    response: ZTemplateViewSchema,
  },
  async (event, { params, body }) => updateTemplate((await requireRole(event, 'lawyer')).user, params.id, body),
)
