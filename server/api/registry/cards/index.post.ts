import { defineApiRoute, requestMeta } from '../../../http'
import { createCard, ZCardViewSchema, ZCreateCardSchema } from '../../../domains/registry'

export default defineApiRoute(
  {
    summary: 'Register a document',
    description:
      'A card with the workspace\'s next number of the card\'s year (`<prefix><year>-0001`), its parties (IIN/BIN/INN checked), amount and term. With `fileId` (a file of the same workspace, one card per file: 409 `file_has_card`) the card\'s status follows the file\'s signing request and signatures. Members with at least the member role.',
    tags: ['registry'],
    access: 'user',
    status: 201,
    body: ZCreateCardSchema,
    errors: [400, 403, 404, 409],
    response: ZCardViewSchema,
  },
  async (event, { body, auth }) => createCard(auth, requestMeta(event), body),
)
