import { z } from 'zod'
import { defineApiRoute, requireRole } from '../../../../http'
import { listVersions, ZTemplateVersionViewSchema } from '../../../../domains/document'

export default defineApiRoute(
  {
    summary: 'List a template\'s published versions',
    description: 'Newest first.',
    tags: ['document'],
    access: 'user',
    params: z.object({ id: z.uuid() }),
    errors: [403, 404],
    response: z.array(ZTemplateVersionViewSchema),
  },
  async (event, { params }) => listVersions((await requireRole(event, 'lawyer')).user, params.id),
)
