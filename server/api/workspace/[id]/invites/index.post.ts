import { z } from 'zod'
import { defineApiRoute, requireWorkspaceMember } from '../../../../http'
import { ZEmailSchema, ZPhoneSchema } from '../../../../domains/auth'
import { createInvite, ZInviteViewSchema, ZWorkspaceRoleSchema } from '../../../../domains/workspace'

const ZInviteBodySchema = z
  .object({ email: ZEmailSchema.optional(), phone: ZPhoneSchema.optional(), role: ZWorkspaceRoleSchema })
  .refine((b) => Boolean(b.email) !== Boolean(b.phone), { message: 'give either an email or a phone', path: ['email'] })

export default defineApiRoute(
  {
    summary: 'Invite someone by email or phone',
    description: 'Admins; an owner invitation only by an owner. devToken is returned outside production only.',
    tags: ['workspace'],
    access: 'user',
    status: 201,
    params: z.object({ id: z.string() }),
    body: ZInviteBodySchema,
    errors: [403, 404, 409],
    response: z.object({
      invite: ZInviteViewSchema,
      delivery: z.object({
        channel: z.enum(['email', 'phone']),
        queued: z.boolean(),
        link: z.string(),
        devToken: z.string().optional(),
      }),
    }),
  },
  async (event, { params, body }) => {
    const ctx = await requireWorkspaceMember(event, params.id, { minRole: 'admin' })
    return createInvite(ctx, body)
  },
)
