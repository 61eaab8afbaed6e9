import { defineApiRoute, requestMeta } from '../../../http'
import { createDictionaryEntry, ZCreateDictionaryEntrySchema, ZDictionaryEntryViewSchema } from '../../../domains/registry'

export default defineApiRoute(
  {
    summary: 'Add a dictionary entry',
    description: 'With `workspaceId`: the workspace\'s own (its admins); without: the platform\'s (platform admins, 403 otherwise). 409 `code_taken` when the code is already there (the platform\'s or the workspace\'s).',
    tags: ['registry'],
    access: 'user',
    status: 201,
    body: ZCreateDictionaryEntrySchema,
    errors: [400, 403, 404, 409],
    response: ZDictionaryEntryViewSchema,
  },
  async (event, { body, auth }) => createDictionaryEntry(auth, requestMeta(event), body),
)
