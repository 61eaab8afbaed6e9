import { defineApiRoute, requireRole } from '../../../../http'
import { createContentItem } from '../../../../domains/content'
import { ZContentAdminItemSchema, ZCreateContentSchema } from '../../../../../shared/content'

// Editors and admins (requireRole lets admins through).
export default defineApiRoute(
  {
    summary: 'Create a catalog item as a draft',
    tags: ['content', 'admin'],
    access: 'user',
    response: ZContentAdminItemSchema,
    errors: [403],
    status: 201,
    body: ZCreateContentSchema,
  },
  async (event, { body }) => {
    const editor = await requireRole(event, 'editor')
    return createContentItem({ userId: editor.user.id }, body)
  },
)
