import { defineApiRoute, requireRole } from '../../../../http'
import { listContentItems } from '../../../../domains/content'
import { ZContentAdminListSchema, ZContentListQuerySchema } from '../../../../../shared/content'

// Editors and admins (requireRole lets admins through).
export default defineApiRoute(
  {
    summary: 'Catalog items for editors (drafts included)',
    tags: ['content', 'admin'],
    access: 'user',
    response: ZContentAdminListSchema,
    errors: [403],
    query: ZContentListQuerySchema,
  },
  async (event, { query }) => {
    await requireRole(event, 'editor')
    return listContentItems(query)
  },
)
