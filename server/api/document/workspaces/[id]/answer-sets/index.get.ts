import { z } from 'zod'
import { defineApiRoute } from '../../../../../http'
import { listAnswerSets, ZAnswerSetViewSchema } from '../../../../../domains/document'

export default defineApiRoute(
  {
    summary: 'A workspace\'s answer sets',
    description: 'Members only (404 for anyone else).',
    tags: ['document'],
    access: 'user',
    params: z.object({ id: z.uuid() }),
    errors: [404],
    response: z.array(ZAnswerSetViewSchema),
  },
  async (_event, { params, auth }) => listAnswerSets({ workspaceId: params.id, actorId: auth.user.id }),
)
