import { z } from 'zod'
import { defineApiRoute, requireWorkspaceMember } from '../../../../http'
import { revokeInvite, ZInviteViewSchema } from '../../../../domains/workspace'

export default defineApiRoute(
  {
    summary: 'Revoke an invitation',
    description: 'Admins. An accepted invitation cannot be revoked (409): remove the member instead.',
    tags: ['workspace'],
    access: 'user',
    params: z.object({ id: z.string(), inviteId: z.uuid() }),
    errors: [403, 404, 409],
    response: ZInviteViewSchema,
  },
  async (event, { params }) => {
    const ctx = await requireWorkspaceMember(event, params.id, { minRole: 'admin' })
    return revokeInvite(ctx, params.inviteId)
  },
)
