import { z } from 'zod'
import { defineApiRoute, requestMeta } from '../../../../http'
import { updateFile, ZUpdateFileSchema, ZFileViewSchema } from '../../../../domains/explorer'

export default defineApiRoute(
  {
    summary: 'Rename or move a file',
    description: '`folderId: null` moves it to the root.',
    tags: ['explorer'],
    access: 'user',
    params: z.object({ id: z.uuid() }),
    body: ZUpdateFileSchema,
    errors: [403, 404, 409, 415],
    response: ZFileViewSchema,
  },
  async (event, { params, body, auth }) => updateFile(auth, requestMeta(event), params.id, body),
)
