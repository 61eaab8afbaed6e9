import { z } from 'zod'
import { defineApiRoute, MULTIPART_OVERHEAD_BYTES, readUploadedFile, requireRole } from '../../../../http'
import { DOCX_IMPORT_MAX_BYTES, importDocx, ZDocxImportResultSchema } from '../../../../domains/document'

export default defineApiRoute(
  {
    summary: 'Convert a Word .docx into a template body (not saved)',
    description:
      'Lawyers and admins who may edit the template. `multipart/form-data` with the file in the field `file`, at most 5 MB. ' +
      'Answers the body (paragraphs with alignment, headings 1–3, bold/italic/underline, breaks, lists, tables; the rest as text) ' +
      'and warning codes (shared/document-import.ts); the draft is not changed. 415 `errors.document.import_not_docx` for anything ' +
      'that is not a .docx, 413 above the size.',
    tags: ['document'],
    access: 'user',
    params: z.object({ id: z.uuid() }),
    bodyLimit: DOCX_IMPORT_MAX_BYTES + MULTIPART_OVERHEAD_BYTES,
    errors: [400, 403, 404, 413, 415],
    response: ZDocxImportResultSchema,
  },
  async (event, { params }) => {
    const { user } = await requireRole(event, 'lawyer')
    const file = await readUploadedFile(event, {
      field: 'file',
      maxBytes: DOCX_IMPORT_MAX_BYTES,
      tooLargeKey: 'errors.document.import_too_large',
      missingKey: 'errors.document.import_no_file',
      notMultipartKey: 'errors.document.import_not_docx',
    })
    return importDocx(user, params.id, file.data)
  },
)
