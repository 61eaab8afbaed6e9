import { defineApiRoute, requireRole } from '../../../../../http'
import { contentMissingTranslations } from '../../../../../domains/content'
import { ZContentIdParamsSchema, ZMissingTranslationsSchema } from '../../../../../../shared/content'

// Editors and admins (requireRole lets admins through).
export default defineApiRoute(
  {
    summary: 'Translations the region requires that the draft lacks',
    tags: ['content', 'admin'],
    access: 'user',
    response: ZMissingTranslationsSchema,
    errors: [403, 404],
    params: ZContentIdParamsSchema,
  },
  async (event, { params }) => {
    await requireRole(event, 'editor')
    return contentMissingTranslations(params.id)
  },
)
