import { z } from 'zod'
import { defineApiRoute, requestMeta } from '../../../../http'
import { confirmUpload, ZFileViewSchema } from '../../../../domains/explorer'

export default defineApiRoute(
  {
    summary: 'Confirm an upload',
    description: 'The bytes must be the declared size (400 `size_mismatch`, 413 over the limit) and, by their magic numbers, the kind the name says (415 `type_mismatch`); a refused upload is removed. Then the antivirus checks the file (status `scanning`).',
    tags: ['explorer'],
    access: 'user',
    params: z.object({ id: z.uuid() }),
    errors: [403, 404, 409, 413, 415],
    response: ZFileViewSchema,
  },
  async (event, { params, auth }) => confirmUpload(auth, requestMeta(event), params.id),
)
