import { defineApiRoute, requireRole } from '../../../../../http'
import { diffContentVersions } from '../../../../../domains/content'
import { ZContentDiffSchema, ZContentIdParamsSchema, ZDiffQuerySchema } from '../../../../../../shared/content'

// Editors and admins (requireRole lets admins through).
export default defineApiRoute(
  {
    summary: 'Field-level diff between two versions (or a version and the draft)',
    tags: ['content', 'admin'],
    access: 'user',
    response: ZContentDiffSchema,
    errors: [403, 404],
    params: ZContentIdParamsSchema,
    query: ZDiffQuerySchema,
  },
  async (event, { params, query }) => {
    await requireRole(event, 'editor')
    return diffContentVersions(params.id, query.from, query.to)
  },
)
