import { z } from 'zod'
import { defineApiRoute, requestMeta } from '../../../../http'
import { deleteFile } from '../../../../domains/explorer'

export default defineApiRoute(
  {
    summary: 'Delete a file for good',
    description: 'Only from the trash (409 `not_in_trash`), by its uploader or a workspace admin: every version\'s bytes and its signatures go with it.',
    tags: ['explorer'],
    access: 'user',
    params: z.object({ id: z.uuid() }),
    errors: [403, 404, 409],
    response: z.object({ ok: z.literal(true) }),
  },
  async (event, { params, auth }) => {
    await deleteFile(auth, requestMeta(event), params.id)
    return { ok: true as const }
  },
)
