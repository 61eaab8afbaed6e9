import { z } from 'zod'
import { defineApiRoute, requestMeta } from '../../../../http'
import { restoreFolder, ZFolderViewSchema } from '../../../../domains/explorer'

export default defineApiRoute(
  {
    summary: 'Restore a folder from the trash',
    description: 'Back where it was, or to the root when that folder is in the trash itself.',
    tags: ['explorer'],
    access: 'user',
    params: z.object({ id: z.uuid() }),
    errors: [403, 404, 409],
    response: ZFolderViewSchema,
  },
  async (event, { params, auth }) => restoreFolder(auth, requestMeta(event), params.id),
)
