import { z } from 'zod'
import { defineApiRoute, requestMeta } from '../../../http'
import { listDictionary, ZDictionaryEntryViewSchema, ZDictionaryQuerySchema } from '../../../domains/registry'

export default defineApiRoute(
  {
    summary: 'A dictionary\'s entries',
    description: 'Document types, KATO regions or counterparties: the platform\'s, plus the workspace\'s own with `workspaceId` (its members; 404 otherwise); `q` matches the code, a label in any language or the data. At most 200.',
    tags: ['registry'],
    access: 'user',
    query: ZDictionaryQuerySchema,
    errors: [404],
    response: z.array(ZDictionaryEntryViewSchema),
  },
  async (event, { query, auth }) => listDictionary(auth, requestMeta(event), query),
)
