import { defineApiRoute, requestMeta, requireUser } from '../../http'
import { createCompanyWorkspace, ZCreateWorkspaceSchema, ZWorkspaceViewSchema } from '../../domains/workspace'

export default defineApiRoute(
  {
    summary: 'Create a company workspace',
    description: 'Region kz needs a valid BIN; region ru a valid INN (10 digits) and OGRN. Publishes WorkspaceCreated.',
    tags: ['workspace'],
    access: 'user',
    status: 201,
    body: ZCreateWorkspaceSchema,
    errors: [403, 409],
    response: ZWorkspaceViewSchema,
  },
  async (event, { body }) => {
    const ctx = await requireUser(event)
    return createCompanyWorkspace({ userId: ctx.user.id, ...requestMeta(event) }, body)
  },
)
