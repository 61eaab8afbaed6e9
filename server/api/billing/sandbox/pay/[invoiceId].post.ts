import { z } from 'zod'
import { defineApiRoute } from '../../../../http'
import { payInSandbox, ZSandboxPaySchema } from '../../../../domains/billing'

export default defineApiRoute(
  {
    summary: 'Pay on the sandbox payment page',
    description:
      'The sandbox Epay records the outcome (a test card number decides it) and calls our postLink or failurePostLink over HTTP as Epay would, before this answers. Only without Epay credentials; 404 otherwise.',
    tags: ['billing'],
    access: 'user',
    params: z.object({ invoiceId: z.string().regex(/^\d{6,15}$/) }),
    body: ZSandboxPaySchema,
    errors: [404, 409],
    response: z.object({ outcome: z.enum(['success', 'decline', 'auth-only']), callbackStatus: z.number().int(), redirectPath: z.string() }),
  },
  async (_event, { params, body, auth }) => payInSandbox(auth.user.id, params.invoiceId, body),
)
