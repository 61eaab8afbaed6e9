import { z } from 'zod'
import { defineApiRoute, requestMeta } from '../../../../http'
import { trashFolder, ZFolderViewSchema } from '../../../../domains/explorer'

export default defineApiRoute(
  {
    summary: 'Move a folder to the trash',
    description: 'With everything inside it; purged after EXPLORER_TRASH_DAYS unless restored.',
    tags: ['explorer'],
    access: 'user',
    params: z.object({ id: z.uuid() }),
    errors: [403, 404],
    response: ZFolderViewSchema,
  },
  async (event, { params, auth }) => trashFolder(auth, requestMeta(event), params.id),
)
