import { z } from 'zod'
import { defineApiRoute, sendDownload } from '../../../../http'
import { orderReceipt, ZPdfFileSchema, ZReceiptQuerySchema } from '../../../../domains/billing'

export default defineApiRoute(
  {
    summary: 'Receipt of my paid order (PDF)',
    description:
      'Answers the file itself: `application/pdf`, `Content-Disposition: attachment; filename="receipt-<short id>.pdf"`. In `lang` (ru, kk, en; default: my language, else ru). Another person’s order 404; an order not paid or refunded 409; 503 when the server cannot print (its font is missing).',
    tags: ['billing'],
    access: 'user',
    params: z.object({ id: z.uuid() }),
    query: ZReceiptQuerySchema,
    errors: [404, 409, 503],
    response: ZPdfFileSchema,
    contentType: 'application/pdf',
  },
  async (event, { params, query, auth }) => {
    const r = await orderReceipt(auth.user, params.id, query.lang)
    return sendDownload(event, { fileName: r.fileName, bytes: r.pdf }, 'application/pdf')
  },
)
