import { z } from 'zod'
import { defineApiRoute } from '../../../../../../http'
import { getGeneratedDocument, ZGeneratedDocumentViewSchema } from '../../../../../../domains/document'

export default defineApiRoute(
  {
    summary: 'A requested document\'s status',
    description: 'pending, ready, or failed with its error code (timeout, failed, render_failed).',
    tags: ['document'],
    access: 'user',
    params: z.object({ id: z.uuid(), documentId: z.uuid() }),
    errors: [404],
    response: ZGeneratedDocumentViewSchema,
  },
  async (_event, { params, auth }) => getGeneratedDocument(auth.user.id, params.id, params.documentId),
)
