import { defineApiRoute, MULTIPART_OVERHEAD_BYTES, readUploadedFile, requireRole } from '../../../../http'
import { uploadMedia } from '../../../../domains/content'
import { MEDIA_MAX_BYTES, ZMediaItemSchema } from '../../../../../shared/media'

// Editors and admins (requireRole lets admins through).
export default defineApiRoute(
  {
    summary: 'Upload an image to the media library',
    description:
      '`multipart/form-data`: the image in `file` (PNG, JPEG, WebP or GIF by its bytes, at most 10 MB; SVG is refused), ' +
      'optional `alt.ru`, `alt.kk`, `alt.en`. Stored re-encoded at 320/768/1280 px wide (never wider than the original) ' +
      'in WebP and in its own format. 413 too large, 415 not one of those images.',
    tags: ['content', 'admin'],
    access: 'user',
    status: 201,
    bodyLimit: MEDIA_MAX_BYTES + MULTIPART_OVERHEAD_BYTES,
    response: ZMediaItemSchema,
    errors: [400, 403, 413, 415],
  },
  async (event) => {
    const editor = await requireRole(event, 'editor')
    const file = await readUploadedFile(event, {
      field: 'file',
      maxBytes: MEDIA_MAX_BYTES,
      tooLargeKey: 'errors.content.media_too_large',
      missingKey: 'errors.content.media_no_file',
      notMultipartKey: 'errors.content.media_type',
    })
    const alt = { ru: file.fields['alt.ru'], kk: file.fields['alt.kk'], en: file.fields['alt.en'] }
    return uploadMedia({ userId: editor.user.id }, { data: file.data, filename: file.filename, alt })
  },
)
