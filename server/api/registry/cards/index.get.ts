import { defineApiRoute, requestMeta } from '../../../http'
import { listCards, ZCardListQuerySchema, ZCardListSchema } from '../../../domains/registry'

export default defineApiRoute(
  {
    summary: 'The workspace\'s register of documents',
    description: 'A page of its cards (at most 100), filtered by status, type, date range, file or text (number, title, a party\'s name or tax id), with the total. Members of the workspace (viewers and up); 404 otherwise.',
    tags: ['registry'],
    access: 'user',
    query: ZCardListQuerySchema,
    errors: [404],
    response: ZCardListSchema,
  },
  async (event, { query, auth }) => listCards(auth, requestMeta(event), query),
)
