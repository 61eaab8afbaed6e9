import { defineApiRoute, requestMeta, sendDownload } from '../../../http'
import { exportCardsXlsx, ZCardExportFilterSchema, ZExportFileSchema } from '../../../domains/registry'

export default defineApiRoute(
  {
    summary: 'The register as XLSX',
    description: 'Every card the filters of the table select (at most 10 000: 409 `too_many_rows`), in the table\'s order, with headings and statuses in `locale`. Members of the workspace (viewers and up); 404 otherwise.',
    tags: ['registry'],
    access: 'user',
    query: ZCardExportFilterSchema,
    errors: [404, 409],
    response: ZExportFileSchema,
    contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  },
  async (event, { query, auth }) => sendDownload(event, await exportCardsXlsx(auth, requestMeta(event), query), 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'),
)
