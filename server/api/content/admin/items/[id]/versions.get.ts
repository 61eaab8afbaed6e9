import { defineApiRoute, requireRole } from '../../../../../http'
import { listContentVersions } from '../../../../../domains/content'
import { ZContentIdParamsSchema, ZContentVersionListSchema } from '../../../../../../shared/content'

// Editors and admins (requireRole lets admins through).
export default defineApiRoute(
  {
    summary: 'Published versions of a catalog item',
    tags: ['content', 'admin'],
    access: 'user',
    response: ZContentVersionListSchema,
    errors: [403, 404],
    params: ZContentIdParamsSchema,
  },
  async (event, { params }) => {
    await requireRole(event, 'editor')
    return listContentVersions(params.id)
  },
)
