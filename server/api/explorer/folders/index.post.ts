import { defineApiRoute, requestMeta } from '../../../http'
import { createFolder, ZCreateFolderSchema, ZFolderViewSchema } from '../../../domains/explorer'

export default defineApiRoute(
  {
    summary: 'Create a folder',
    description: 'At the root or in `parentId`. Members with at least the member role.',
    tags: ['explorer'],
    access: 'user',
    status: 201,
    body: ZCreateFolderSchema,
    errors: [403, 404, 409],
    response: ZFolderViewSchema,
  },
  async (event, { body, auth }) => createFolder(auth, requestMeta(event), body),
)
