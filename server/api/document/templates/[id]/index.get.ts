import { z } from 'zod'
import { defineApiRoute, requireRole } from '../../../../http'
import { getTemplate, ZTemplateViewSchema } from '../../../../domains/document'

export default defineApiRoute(
  {
    summary: 'Get a template draft',
    tags: ['document'],
    access: 'user',
    params: z.object({ id: z.uuid() }),
    errors: [403, 404],
    response: ZTemplateViewSchema,
  },
  async (event, { params }) => getTemplate((await requireRole(event, 'lawyer')).user, params.id),
)
