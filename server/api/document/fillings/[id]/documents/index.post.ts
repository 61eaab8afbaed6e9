import { z } from 'zod'
import { defineApiRoute } from '../../../../../http'
import { requestDocument, ZGeneratedDocumentViewSchema, ZRequestDocumentSchema } from '../../../../../domains/document'

export default defineApiRoute(
  {
    summary: 'Request a document',
    description: 'DOCX or PDF of a complete filling (409 otherwise), made by the worker: poll its status. A failed one is retried by asking again. `locale`: the language of a bilingual document outside its two columns.',
    tags: ['document'],
    access: 'user',
    status: 202,
    params: z.object({ id: z.uuid() }),
    body: ZRequestDocumentSchema,
    errors: [404, 409],
    response: ZGeneratedDocumentViewSchema,
  },
  async (_event, { params, body, auth }) => requestDocument(auth.user.id, params.id, body.format, body.locale),
)
