import { defineApiRoute } from '../../../http'
import { startFilling, ZFillingWithQuestionnaireSchema, ZStartFillingSchema } from '../../../domains/document'

export default defineApiRoute(
  {
    summary: 'Start a filling',
    description: 'From the template\'s latest published version, which the filling keeps for good.',
    tags: ['document'],
    access: 'user',
    status: 201,
    body: ZStartFillingSchema,
    errors: [404],
    response: ZFillingWithQuestionnaireSchema,
  },
  async (_event, { body, auth }) => startFilling(auth.user.id, body.templateId, body.workspaceId ?? null),
)
