import { defineApiRoute, requestMeta } from '../../http'
import { listEntries, ZListQuerySchema, ZListingSchema } from '../../domains/explorer'

export default defineApiRoute(
  {
    summary: 'List a folder or the trash',
    description: 'The folders and files of one folder of the workspace (the root without `folderId`), or with `view=trash` what is in its trash; with the breadcrumbs and the workspace\'s used room. Members only (404 otherwise).',
    tags: ['explorer'],
    access: 'user',
    query: ZListQuerySchema,
    errors: [404, 409],
    response: ZListingSchema,
  },
  async (event, { query, auth }) => listEntries(auth, requestMeta(event), query),
)
