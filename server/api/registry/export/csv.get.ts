import { defineApiRoute, requestMeta, sendDownload } from '../../../http'
import { exportCardsCsv, ZCardExportFilterSchema, ZExportFileSchema } from '../../../domains/registry'

export default defineApiRoute(
  {
    summary: 'The register as CSV',
    description: 'Every card the filters of the table select (at most 10 000: 409 `too_many_rows`), in the table\'s order, with headings and statuses in `locale`. Members of the workspace (viewers and up); 404 otherwise.',
    tags: ['registry'],
    access: 'user',
    query: ZCardExportFilterSchema,
    errors: [404, 409],
    response: ZExportFileSchema,
    contentType: 'text/csv; charset=utf-8',
  },
  async (event, { query, auth }) => sendDownload(event, await exportCardsCsv(auth, requestMeta(event), query), 'text/csv; charset=utf-8'),
)
