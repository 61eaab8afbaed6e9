import { z } from 'zod'
import { defineApiRoute } from '../../../../../http'
import { listGeneratedDocuments, ZGeneratedDocumentViewSchema } from '../../../../../domains/document'

export default defineApiRoute(
  {
    summary: 'A filling\'s documents',
    tags: ['document'],
    access: 'user',
    params: z.object({ id: z.uuid() }),
    errors: [404],
    response: z.array(ZGeneratedDocumentViewSchema),
  },
  async (_event, { params, auth }) => listGeneratedDocuments(auth.user.id, params.id),
)
