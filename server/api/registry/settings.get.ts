import { defineApiRoute, requestMeta } from '../../http'
import { getRegistrySettings, ZRegistrySettingsQuerySchema, ZRegistrySettingsSchema } from '../../domains/registry'

export default defineApiRoute(
  {
    summary: 'The workspace\'s numbering',
    description: 'The prefix new card numbers take. Members of the workspace; 404 otherwise.',
    tags: ['registry'],
    access: 'user',
    query: ZRegistrySettingsQuerySchema,
    errors: [404],
    response: ZRegistrySettingsSchema,
  },
  async (event, { query, auth }) => getRegistrySettings(auth, requestMeta(event), query.workspaceId),
)
