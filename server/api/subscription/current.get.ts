import { defineApiRoute, requireWorkspaceMember } from '../../http'
import { getCurrent, workspaceSubject, ZCurrentSubscriptionSchema, ZSubscriptionSubjectSchema } from '../../domains/subscription'

export default defineApiRoute(
  {
    summary: 'My plan (or my company’s)',
    description: 'My subscription (the live one, else the last one), what it entitles me to, this period’s use against its limits, whether a free trial is still available, and its recent history; `coveredBy` when I have no plan of my own and a company workspace’s plan gives me a seat. With `workspaceId`: that workspace’s plan, for any of its members (else 404).',
    tags: ['subscription'],
    access: 'user',
    query: ZSubscriptionSubjectSchema,
    errors: [404],
    response: ZCurrentSubscriptionSchema,
  },
  async (event, { auth, query }) => {
    if (!query.workspaceId) return getCurrent(auth.user.id)
    await requireWorkspaceMember(event, query.workspaceId)
    return getCurrent(auth.user.id, workspaceSubject(query.workspaceId))
  },
)
