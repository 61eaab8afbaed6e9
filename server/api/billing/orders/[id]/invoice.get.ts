import { z } from 'zod'
import { defineApiRoute, sendDownload } from '../../../../http'
import { invoicePdf, ZPdfFileSchema, ZReceiptQuerySchema } from '../../../../domains/billing'

export default defineApiRoute(
  {
    summary: 'Invoice of my order (PDF)',
    description: 'The company invoice asked for with POST: our bank details, the company, the lines and the payment reference, in `lang` (ru, kk, en). 404 without one; 503 when the server cannot print (its font is missing).',
    tags: ['billing'],
    access: 'user',
    params: z.object({ id: z.uuid() }),
    query: ZReceiptQuerySchema,
    errors: [404, 503],
    response: ZPdfFileSchema,
    contentType: 'application/pdf',
  },
  async (event, { params, query, auth }) => {
    const r = await invoicePdf(auth.user, params.id, query.lang)
    return sendDownload(event, { fileName: r.fileName, bytes: r.pdf }, 'application/pdf')
  },
)
