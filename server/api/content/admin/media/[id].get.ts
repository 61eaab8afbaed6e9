import { defineApiRoute, requireRole } from '../../../../http'
import { getMedia } from '../../../../domains/content'
import { ZMediaIdParamsSchema, ZMediaItemSchema } from '../../../../../shared/media'

// Editors and admins (requireRole lets admins through).
export default defineApiRoute(
  {
    summary: 'One image of the media library',
    tags: ['content', 'admin'],
    access: 'user',
    response: ZMediaItemSchema,
    errors: [403, 404],
    params: ZMediaIdParamsSchema,
  },
  async (event, { params }) => {
    await requireRole(event, 'editor')
    return getMedia(params.id)
  },
)
