import { defineApiRoute, requireRole } from '../../../../http'
import { listMedia } from '../../../../domains/content'
import { ZMediaListQuerySchema, ZMediaListSchema } from '../../../../../shared/media'

// Editors and admins (requireRole lets admins through).
export default defineApiRoute(
  {
    summary: 'The media library, newest first',
    description: '`q` matches the file name or an alt text in any language.',
    tags: ['content', 'admin'],
    access: 'user',
    response: ZMediaListSchema,
    errors: [403],
    query: ZMediaListQuerySchema,
  },
  async (event, { query }) => {
    await requireRole(event, 'editor')
    return listMedia(query)
  },
)
