import { defineApiRoute, requireRole } from '../../../../http'
import { deleteMedia } from '../../../../domains/content'
import { ZDeleteMediaQuerySchema, ZMediaIdParamsSchema } from '../../../../../shared/media'
import { ZOkSchema } from '../../../../../shared/auth-views'

// Editors and admins (requireRole lets admins through).
export default defineApiRoute(
  {
    summary: 'Delete an image and its files',
    description: '409 `errors.content.media_in_use` (the items in `params.items`) while a catalog item mentions it; `?force=1` deletes anyway.',
    tags: ['content', 'admin'],
    access: 'user',
    response: ZOkSchema,
    errors: [403, 404, 409],
    params: ZMediaIdParamsSchema,
    query: ZDeleteMediaQuerySchema,
  },
  async (event, { params, query }) => {
    await requireRole(event, 'editor')
    await deleteMedia(params.id, { force: query.force })
    return { ok: true as const }
  },
)
