import { z } from 'zod'
import { defineApiRoute, requestMeta, requireUser } from '../../../../http'
import { acceptInvite, ZWorkspaceRoleSchema } from '../../../../domains/workspace'

export default defineApiRoute(
  {
    summary: 'Accept a workspace invitation',
    description: 'The signed-in invitee (email or phone must match). Publishes WorkspaceUserConfirm.',
    tags: ['workspace'],
    access: 'user',
    params: z.object({ token: z.string().min(16).max(128) }),
    errors: [403, 404, 409],
    response: z.object({ workspaceId: z.uuid(), role: ZWorkspaceRoleSchema }),
  },
  async (event, { params }) => {
    const ctx = await requireUser(event)
    return acceptInvite(ctx, requestMeta(event), params.token)
  },
)
