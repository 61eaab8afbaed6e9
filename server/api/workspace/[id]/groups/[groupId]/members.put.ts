import { z } from 'zod'
import { defineApiRoute, requireWorkspaceMember } from '../../../../../http'
import { setGroupMembers, ZGroupViewSchema } from '../../../../../domains/workspace'

export default defineApiRoute(
  {
    summary: "Set a group's members",
    description: 'Admins. Replaces the list; every id must be a member of the workspace (400 otherwise).',
    tags: ['workspace'],
    access: 'user',
    params: z.object({ id: z.string(), groupId: z.uuid() }),
    body: z.object({ userIds: z.array(z.uuid()).max(1000) }),
    errors: [403, 404, 409],
    response: ZGroupViewSchema,
  },
  async (event, { params, body }) => {
    const ctx = await requireWorkspaceMember(event, params.id, { minRole: 'admin' })
    return setGroupMembers(ctx, params.groupId, body.userIds)
  },
)
