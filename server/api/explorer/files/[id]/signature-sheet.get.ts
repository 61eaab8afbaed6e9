import { z } from 'zod'
import { defineApiRoute, requestMeta, sendDownload } from '../../../../http'
import { signatureSheet, ZPdfFileSchema, ZSignatureSheetQuerySchema } from '../../../../domains/explorer'

export default defineApiRoute(
  {
    summary: 'The signature sheet of a signed file (PDF)',
    description:
      'Answers the file itself (`application/pdf`, attachment): the document\'s name, version, size and SHA-256, its verification link with a QR code, and every signature of the current version (signer, IIN, BIN, organisation, time, certificate, issuer, revocation). In `lang` (ru, kk, en). With `append=1` the sheet comes after the pages of the PDF itself (409 `not_pdf` for another type, `pdf_unreadable` for an encrypted or damaged PDF). 409 `no_signatures`, `not_clean`; 503 when the server cannot print (its font is missing).',
    tags: ['explorer'],
    access: 'user',
    params: z.object({ id: z.uuid() }),
    query: ZSignatureSheetQuerySchema,
    errors: [404, 409, 503],
    response: ZPdfFileSchema,
    contentType: 'application/pdf',
  },
  async (event, { params, query, auth }) => {
    const sheet = await signatureSheet(auth, requestMeta(event), params.id, query)
    return sendDownload(event, { fileName: sheet.fileName, bytes: sheet.pdf }, 'application/pdf')
  },
)
