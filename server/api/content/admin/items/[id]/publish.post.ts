import { defineApiRoute, requestMeta } from '../../../../../http'
import { publishContentItem } from '../../../../../domains/content'
import { ZContentAdminItemSchema, ZContentIdParamsSchema, ZPublishContentSchema } from '../../../../../../shared/content'

// Admins only: editors write drafts, admins decide what the public sees.
export default defineApiRoute(
  {
    summary: 'Publish the draft now or at publishAt',
    description: 'Freezes the draft as the next numbered version; 409 lists missing translations or a taken slug.',
    tags: ['content', 'admin'],
    access: 'admin',
    response: ZContentAdminItemSchema,
    errors: [404, 409],
    params: ZContentIdParamsSchema,
    body: ZPublishContentSchema,
  },
  async (event, { params, body, auth }) => {
    return publishContentItem({ userId: auth.user.id, ...requestMeta(event) }, params.id, body)
  },
)
