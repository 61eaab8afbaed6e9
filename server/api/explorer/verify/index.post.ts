import { defineApiRoute, clientIp, MULTIPART_OVERHEAD_BYTES, readUploadedFile } from '../../../http'
import { AppError } from '../../../lib/errors'
import { verifyUploaded, VERIFY_DOCUMENT_MAX_BYTES, VERIFY_SIGNATURE_MAX_BYTES, ZUploadedVerificationSchema } from '../../../domains/explorer'

export default defineApiRoute(
  {
    summary: 'Check a document and its signature file',
    description:
      'Public. `multipart/form-data` with `document` (the signed file, up to 20 MiB) and `signature` (its .cms/.p7s, DER or base64, up to 2 MiB; for a CMS with the document inside, send it as both). The same verification as signing; nothing is stored. 400 `errors.signature.cms_malformed` when the signature file is not a CMS; 413 over the limits; 429 over 30 checks a minute per address.',
    tags: ['explorer'],
    access: 'public',
    bodyLimit: VERIFY_DOCUMENT_MAX_BYTES + VERIFY_SIGNATURE_MAX_BYTES + MULTIPART_OVERHEAD_BYTES,
    errors: [400, 413, 415, 429],
    response: ZUploadedVerificationSchema,
  },
  async (event) => {
    const form = await readUploadedFile(event, { field: 'document', maxBytes: VERIFY_DOCUMENT_MAX_BYTES + VERIFY_SIGNATURE_MAX_BYTES, also: ['signature'] })
    const signature = form.others.signature
    if (!signature) {
      throw new AppError('VALIDATION', 'Add the signature file (.cms, .p7s).', {
        messageKey: 'errors.explorer.signature_file_missing',
        fields: [{ path: 'body.signature', message: 'required', code: 'required' }],
      })
    }
    if (form.data.length > VERIFY_DOCUMENT_MAX_BYTES || signature.data.length > VERIFY_SIGNATURE_MAX_BYTES) {
      throw new AppError('PAYLOAD_TOO_LARGE', 'The document or the signature file is too large to check here.', {
        messageKey: 'errors.explorer.too_large',
        params: { maxBytes: VERIFY_DOCUMENT_MAX_BYTES },
      })
    }
    return verifyUploaded(new Uint8Array(form.data), new Uint8Array(signature.data), clientIp(event))
  },
)
