import { defineApiRoute, requestMeta } from '../../../../../http'
import { unpublishContentItem } from '../../../../../domains/content'
import { ZContentAdminItemSchema, ZContentIdParamsSchema } from '../../../../../../shared/content'

// Admins only: editors write drafts, admins decide what the public sees.
export default defineApiRoute(
  {
    summary: 'Take a catalog item off the public site',
    tags: ['content', 'admin'],
    access: 'admin',
    response: ZContentAdminItemSchema,
    errors: [404],
    params: ZContentIdParamsSchema,
  },
  async (event, { params, auth }) => {
    return unpublishContentItem({ userId: auth.user.id, ...requestMeta(event) }, params.id)
  },
)
