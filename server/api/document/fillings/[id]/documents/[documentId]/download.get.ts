import { z } from 'zod'
import { defineApiRoute } from '../../../../../../http'
import { downloadDocument, ZDownloadViewSchema } from '../../../../../../domains/document'

export default defineApiRoute(
  {
    summary: 'Download a document',
    description:
      'A signed S3 link valid for 5 minutes. 409 while not ready; 403 `errors.document.payment_required` for a paid document until billing says it is paid.',
    tags: ['document'],
    access: 'user',
    params: z.object({ id: z.uuid(), documentId: z.uuid() }),
    errors: [403, 404, 409],
    response: ZDownloadViewSchema,
  },
  async (_event, { params, auth }) => downloadDocument(auth.user.id, params.id, params.documentId),
)
