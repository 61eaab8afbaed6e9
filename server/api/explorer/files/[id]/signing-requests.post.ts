import { z } from 'zod'
import { defineApiRoute, requestMeta } from '../../../../http'
import { createSigningRequest, ZCreateSigningRequestSchema, ZSigningRequestViewSchema } from '../../../../domains/explorer'

export default defineApiRoute(
  {
    summary: 'Send a file for signing',
    description:
      'Sends the file\'s current version (pinned) to 1–20 parties, each with an email or a +7 phone, optionally the IIN/BIN their certificate must carry and a role. Parties of one `step` sign in any order; the next step is invited when the step is complete. Step 1 gets its links at once (SigningMessageRequested). 409 `not_clean`, `infected`, `in_trash`, `signing_active` (one active request per file); 400 `deadline_invalid`.',
    tags: ['explorer'],
    access: 'user',
    status: 201,
    params: z.object({ id: z.uuid() }),
    body: ZCreateSigningRequestSchema,
    errors: [403, 404, 409],
    response: ZSigningRequestViewSchema,
  },
  async (event, { params, body, auth }) => createSigningRequest(auth, requestMeta(event), params.id, body),
)
