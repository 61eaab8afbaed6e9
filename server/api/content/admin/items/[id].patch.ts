import { defineApiRoute, requireRole } from '../../../../http'
import { saveContentDraft } from '../../../../domains/content'
import { ZContentAdminItemSchema, ZContentIdParamsSchema, ZUpdateContentSchema } from '../../../../../shared/content'

// Editors and admins (requireRole lets admins through).
export default defineApiRoute(
  {
    summary: 'Save the draft of a catalog item',
    description: 'What is published does not change until an admin publishes.',
    tags: ['content', 'admin'],
    access: 'user',
    response: ZContentAdminItemSchema,
    errors: [403, 404],
    params: ZContentIdParamsSchema,
    body: ZUpdateContentSchema,
  },
  async (event, { params, body }) => {
    const editor = await requireRole(event, 'editor')
    return saveContentDraft({ userId: editor.user.id }, params.id, body)
  },
)
