import { z } from 'zod'
import { defineApiRoute, requestMeta } from '../../../../http'
import { restoreFile, ZFileViewSchema } from '../../../../domains/explorer'

export default defineApiRoute(
  {
    summary: 'Restore a file from the trash',
    description: 'Into its folder, or to the root when that folder is in the trash itself.',
    tags: ['explorer'],
    access: 'user',
    params: z.object({ id: z.uuid() }),
    errors: [403, 404, 409],
    response: ZFileViewSchema,
  },
  async (event, { params, auth }) => restoreFile(auth, requestMeta(event), params.id),
)
