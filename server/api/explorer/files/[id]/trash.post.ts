import { z } from 'zod'
import { defineApiRoute, requestMeta } from '../../../../http'
import { trashFile, ZFileViewSchema } from '../../../../domains/explorer'

export default defineApiRoute(
  {
    summary: 'Move a file to the trash',
    description: 'Purged after EXPLORER_TRASH_DAYS unless restored.',
    tags: ['explorer'],
    access: 'user',
    params: z.object({ id: z.uuid() }),
    errors: [403, 404],
    response: ZFileViewSchema,
  },
  async (event, { params, auth }) => trashFile(auth, requestMeta(event), params.id),
)
