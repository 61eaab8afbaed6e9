import { defineApiRoute, requestMeta } from '../../../../../http'
import { cancelScheduledPublish } from '../../../../../domains/content'
import { ZContentAdminItemSchema, ZContentIdParamsSchema } from '../../../../../../shared/content'

// Admins only: editors write drafts, admins decide what the public sees.
export default defineApiRoute(
  {
    summary: 'Cancel a scheduled publish',
    tags: ['content', 'admin'],
    access: 'admin',
    response: ZContentAdminItemSchema,
    errors: [404],
    params: ZContentIdParamsSchema,
  },
  async (event, { params, auth }) => {
    return cancelScheduledPublish({ userId: auth.user.id, ...requestMeta(event) }, params.id)
  },
)
