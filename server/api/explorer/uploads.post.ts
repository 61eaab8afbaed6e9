import { defineApiRoute, requestMeta } from '../../http'
import { createUpload, ZCreateUploadSchema, ZUploadTicketSchema } from '../../domains/explorer'

export default defineApiRoute(
  {
    summary: 'Start an upload',
    description: 'Checks the name\'s type (415 `type_not_allowed`), the size (413 `too_large`) and the workspace\'s room (413 `quota_exceeded`), then answers a presigned PUT valid 15 minutes: send exactly `size` bytes there with `headers`, then confirm.',
    tags: ['explorer'],
    access: 'user',
    status: 201,
    body: ZCreateUploadSchema,
    errors: [403, 404, 409, 413, 415],
    response: ZUploadTicketSchema,
  },
  async (event, { body, auth }) => createUpload(auth, requestMeta(event), body),
)
