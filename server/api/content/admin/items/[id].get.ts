import { defineApiRoute, requireRole } from '../../../../http'
import { getContentItem } from '../../../../domains/content'
import { ZContentAdminItemSchema, ZContentIdParamsSchema } from '../../../../../shared/content'

// Editors and admins (requireRole lets admins through).
export default defineApiRoute(
  {
    summary: 'One catalog item with its draft and missing translations',
    tags: ['content', 'admin'],
    access: 'user',
    response: ZContentAdminItemSchema,
    errors: [403, 404],
    params: ZContentIdParamsSchema,
  },
  async (event, { params }) => {
    await requireRole(event, 'editor')
    return getContentItem(params.id)
  },
)
