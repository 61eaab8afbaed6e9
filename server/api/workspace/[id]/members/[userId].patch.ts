import { z } from 'zod'
import { defineApiRoute, requireWorkspaceMember } from '../../../../http'
import { changeMemberRole, ZMemberViewSchema, ZWorkspaceRoleSchema } from '../../../../domains/workspace'

export default defineApiRoute(
  {
    summary: "Change a member's role",
    description: 'Admins; only owners grant or take the owner role. The last owner cannot be demoted (409).',
    tags: ['workspace'],
    access: 'user',
    params: z.object({ id: z.string(), userId: z.uuid() }),
    body: z.object({ role: ZWorkspaceRoleSchema }),
    errors: [403, 404, 409],
    response: ZMemberViewSchema,
  },
  async (event, { params, body }) => {
    const ctx = await requireWorkspaceMember(event, params.id, { minRole: 'admin' })
    return changeMemberRole(ctx, params.userId, body.role)
  },
)
