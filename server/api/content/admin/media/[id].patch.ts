import { defineApiRoute, requireRole } from '../../../../http'
import { updateMediaAlt } from '../../../../domains/content'
import { ZMediaIdParamsSchema, ZMediaItemSchema, ZUpdateMediaSchema } from '../../../../../shared/media'

// Editors and admins (requireRole lets admins through).
export default defineApiRoute(
  {
    summary: "Change an image's alt texts",
    description: 'The whole `alt` object: a language left empty has no alt text.',
    tags: ['content', 'admin'],
    access: 'user',
    response: ZMediaItemSchema,
    errors: [403, 404],
    params: ZMediaIdParamsSchema,
    body: ZUpdateMediaSchema,
  },
  async (event, { params, body }) => {
    await requireRole(event, 'editor')
    return updateMediaAlt(params.id, body)
  },
)
