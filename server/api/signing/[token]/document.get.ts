import { z } from 'zod'
import { clientIp, defineApiRoute } from '../../../http'
import { signingDocumentLink, ZSigningDocumentLinkSchema } from '../../../domains/explorer'

export default defineApiRoute(
  {
    summary: 'Download the document to sign',
    description: 'Public, by the party\'s link: a 5-minute signed link to exactly the version sent for signing.',
    tags: ['signing'],
    access: 'public',
    params: z.object({ token: z.string().min(1).max(128) }),
    errors: [404, 429],
    response: ZSigningDocumentLinkSchema,
  },
  async (event, { params }) => signingDocumentLink(params.token, clientIp(event)),
)
