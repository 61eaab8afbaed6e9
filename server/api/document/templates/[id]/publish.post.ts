import { z } from 'zod'
import { defineApiRoute, requestMeta, requireRole } from '../../../../http'
import { publishTemplate, ZTemplateVersionViewSchema } from '../../../../domains/document'

export default defineApiRoute(
  {
    summary: 'Publish a template',
    description:
      'Lawyers and admins. Runs the engine\'s publishing checks; with any problem it answers 409 `errors.document.template_problems` with each problem as a field issue (path, code) and in `params.problems`. Otherwise freezes the draft as the next version.',
    tags: ['document'],
    access: 'user',
    status: 201,
    params: z.object({ id: z.uuid() }),
    errors: [403, 404, 409],
    response: ZTemplateVersionViewSchema,
  },
  async (event, { params }) => publishTemplate((await requireRole(event, 'lawyer')).user, params.id, requestMeta(event)),
)
