import { z } from 'zod'
import { defineApiRoute, requestMeta } from '../../../../http'
import { downloadFile, ZFileDownloadSchema } from '../../../../domains/explorer'

export default defineApiRoute(
  {
    summary: 'Download a file',
    description: 'A 5-minute signed link saved under the file\'s name. 409 `infected` (never served), `not_clean` while the antivirus has not passed it (its uploader may download it meanwhile), `in_trash`.',
    tags: ['explorer'],
    access: 'user',
    params: z.object({ id: z.uuid() }),
    errors: [404, 409],
    response: ZFileDownloadSchema,
  },
  async (event, { params, auth }) => downloadFile(auth, requestMeta(event), params.id),
)
