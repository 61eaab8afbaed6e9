import { z } from 'zod'
import { defineApiRoute, requestMeta } from '../../../../http'
import { previewInvite, ZInvitePreviewSchema } from '../../../../domains/workspace'

export default defineApiRoute(
  {
    summary: 'Preview a workspace invitation',
    description:
      'For the invitation page before sign-in: the workspace name, the role and the inviter of a pending invitation, nothing else. 404 for an unknown, used, revoked or expired token; 429 past 60 requests per IP in 15 min.',
    tags: ['workspace'],
    access: 'public',
    params: z.object({ token: z.string().min(16).max(128) }),
    errors: [404, 429],
    response: ZInvitePreviewSchema,
  },
  (event, { params }) => previewInvite(params.token, requestMeta(event).ip),
)
