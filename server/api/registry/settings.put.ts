import { defineApiRoute, requestMeta } from '../../http'
import { updateRegistrySettings, ZRegistrySettingsInputSchema, ZRegistrySettingsSchema } from '../../domains/registry'

export default defineApiRoute(
  {
    summary: 'Set the workspace\'s numbering',
    description: 'The prefix (at most 16 letters, digits, `-`, `/`, `.`) of the numbers given from now on; numbers already given stay. Workspace admins.',
    tags: ['registry'],
    access: 'user',
    body: ZRegistrySettingsInputSchema,
    errors: [400, 403, 404],
    response: ZRegistrySettingsSchema,
  },
  async (event, { body, auth }) => updateRegistrySettings(auth, requestMeta(event), body.workspaceId, { prefix: body.prefix }),
)
