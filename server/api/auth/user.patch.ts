import { defineApiRoute, requestMeta, requireUser } from '../../http'
import { updateUser, ZUpdateUserSchema } from '../../domains/auth'
import { ZUserResultSchema } from '../../../shared/auth-views'

export default defineApiRoute(
  {
    summary: 'Edit my personal data',
    description:
      "Name, language and the region's identity number (IIN in kz, INN in ru, checksums validated). " +
      "Absent fields stay, '' clears; recorded as user.update in the history.",
    tags: ['auth'],
    access: 'user',
    response: ZUserResultSchema,
    errors: [],
    body: ZUpdateUserSchema,
  },
  async (event, { body }) => {
    const ctx = await requireUser(event)
    return updateUser(ctx.user.id, body, requestMeta(event))
  },
)
