import { z } from 'zod'
import { defineApiRoute, requireRole } from '../../../../http'
import { previewTemplate, ZPreviewSchema, ZPreviewViewSchema } from '../../../../domains/document'

export default defineApiRoute(
  {
    summary: 'Preview a template draft as HTML',
    description: 'With the given answers, or without any with the engine\'s sample answers.',
    tags: ['document'],
    access: 'user',
    params: z.object({ id: z.uuid() }),
    body: ZPreviewSchema,
    errors: [403, 404],
    response: ZPreviewViewSchema,
  },
  async (event, { params, body }) => previewTemplate((await requireRole(event, 'lawyer')).user, params.id, body),
)
