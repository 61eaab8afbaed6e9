import { z } from 'zod'
import { defineApiRoute } from '../../../../http'
import { requestInvoice, ZInvoiceRequestSchema, ZOrderViewSchema } from '../../../../domains/billing'

export default defineApiRoute(
  {
    summary: 'Pay my order by bank transfer (a company invoice)',
    description: 'The company’s name, BIN (kz) or INN (ru), checked by its control digits, and address. The order waits (pending) for the transfer of its whole total; an admin marks it paid. Asked again before it is paid, the invoice gets the new details.',
    tags: ['billing'],
    access: 'user',
    params: z.object({ id: z.uuid() }),
    body: ZInvoiceRequestSchema,
    errors: [403, 404, 409],
    response: ZOrderViewSchema,
  },
  async (_event, { params, body, auth }) => requestInvoice(auth.user.id, params.id, body),
)
