import { z } from 'zod'
import { defineApiRoute, requestMeta } from '../../../http'
import { updateDictionaryEntry, ZDictionaryEntryViewSchema, ZUpdateDictionaryEntrySchema } from '../../../domains/registry'

export default defineApiRoute(
  {
    summary: 'Change or archive a dictionary entry',
    description: 'Its labels, its data, or `archived` (kept for the cards that use it, no longer offered). The workspace\'s admins for its own entries (404 for others), platform admins for the platform\'s.',
    tags: ['registry'],
    access: 'user',
    params: z.object({ id: z.uuid() }),
    body: ZUpdateDictionaryEntrySchema,
    errors: [400, 403, 404],
    response: ZDictionaryEntryViewSchema,
  },
  async (event, { params, body, auth }) => updateDictionaryEntry(auth, requestMeta(event), params.id, body),
)
