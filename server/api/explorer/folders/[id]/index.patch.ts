import { z } from 'zod'
import { defineApiRoute, requestMeta } from '../../../../http'
import { updateFolder, ZUpdateFolderSchema, ZFolderViewSchema } from '../../../../domains/explorer'

export default defineApiRoute(
  {
    summary: 'Rename or move a folder',
    description: '`parentId: null` moves it to the root; into itself or below itself is 409 `folder_cycle`.',
    tags: ['explorer'],
    access: 'user',
    params: z.object({ id: z.uuid() }),
    body: ZUpdateFolderSchema,
    errors: [403, 404, 409],
    response: ZFolderViewSchema,
  },
  async (event, { params, body, auth }) => updateFolder(auth, requestMeta(event), params.id, body),
)
