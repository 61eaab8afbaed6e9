import { defineApiRoute, requireRole } from '../../../../http'
import { deleteContentItem } from '../../../../domains/content'
import { ZContentIdParamsSchema } from '../../../../../shared/content'
import { ZOkSchema } from '../../../../../shared/auth-views'

// Editors and admins (requireRole lets admins through).
export default defineApiRoute(
  {
    summary: 'Delete a never-published catalog item',
    tags: ['content', 'admin'],
    access: 'user',
    response: ZOkSchema,
    errors: [403, 404, 409],
    params: ZContentIdParamsSchema,
  },
  async (event, { params }) => {
    await requireRole(event, 'editor')
    return deleteContentItem(params.id).then(() => ({ ok: true as const }))
  },
)
