import PizZip from 'pizzip'
import { AppError } from '../../lib/errors'
import { useDb } from '../../lib/db'
import { useLogger } from '../../lib/log'
import type { TAuthUser } from '../auth'
import { DOCX_IMPORT_MAX_BYTES, DOCX_IMPORT_MAX_UNZIPPED_BYTES, type TDocxImportResult, type TDocxImportWarning } from '../../../shared/document-import'
import { ZTemplateBodySchema } from '../../../shared/template-body'
import { documentInvalid } from './errors'
import { htmlToBody } from './html-to-body'
import { editableTemplate } from './template-access'

const log = useLogger('document')

function notDocx(message: string): AppError {
  return new AppError('UNSUPPORTED_MEDIA', message, { messageKey: 'errors.document.import_not_docx', params: { reason: 'import_not_docx' } })
}

/** Word's alignment values (w:jc) as the body's textAlign. */
const ALIGN: Record<string, string> = { center: 'center', right: 'right', end: 'right', both: 'justify', distribute: 'justify', left: 'left', start: 'left' }
const HEADING_STYLE = /^(?:heading\s*([1-6])|title)$/i

interface TMammothElement {
  type: string
  styleName?: string | null
  styleId?: string | null
  alignment?: string | null
  children?: TMammothElement[]
}

/**
 * mammoth drops alignment; here each aligned paragraph gets a style of our own that the
 * style map turns into a class (`align-center`), keeping a heading a heading.
 */
function markAlignment(el: TMammothElement): TMammothElement {
  const children = el.children?.map(markAlignment)
  const align = el.type === 'paragraph' && el.alignment ? ALIGN[el.alignment] : undefined
  if (!align || align === 'left') return children ? { ...el, children } : el
  const h = HEADING_STYLE.exec(el.styleName ?? '')
  const level = h ? (h[1] ?? '1') : null
  return { ...el, children, styleId: null, styleName: level ? `d24-h${level}-${align}` : `d24-p-${align}` }
}

const STYLE_MAP = [
  'u => u',
  "p[style-name='Title'] => h1:fresh",
  ...['center', 'right', 'justify'].flatMap((a) => [
    `p[style-name='d24-p-${a}'] => p.align-${a}:fresh`,
    ...[1, 2, 3, 4, 5, 6].map((l) => `p[style-name='d24-h${l}-${a}'] => h${l}.align-${a}:fresh`),
  ]),
]

/**
 * Reads a .docx (lawyers and admins who may edit the template; template-access.ts) into a
 * template body, without saving it: the editor replaces its draft after the lawyer confirms.
 * The file must be a zip (magic `PK`) that opens and holds word/document.xml, else 415.
 */
export async function importDocx(user: TAuthUser, id: string, file: Buffer): Promise<TDocxImportResult> {
  await editableTemplate(useDb(), user, id)
  if (file.length > DOCX_IMPORT_MAX_BYTES) {
    throw new AppError('PAYLOAD_TOO_LARGE', 'The file is too large.', { messageKey: 'errors.document.import_too_large', params: { maxBytes: DOCX_IMPORT_MAX_BYTES } })
  }
  if (file.length < 4 || file[0] !== 0x50 || file[1] !== 0x4b) throw notDocx('The file is not a Word document (.docx).')
  let zip: PizZip
  try {
    zip = new PizZip(file)
  } catch {
    throw notDocx('The file is not a Word document (.docx): it does not open as a zip archive.')
  }
  if (!zip.file('word/document.xml')) throw notDocx('The file is not a Word document (.docx): it has no word/document.xml.')
  let unzipped = 0
  for (const f of Object.values(zip.files)) unzipped += (f as unknown as { _data?: { uncompressedSize?: number } })._data?.uncompressedSize ?? 0
  if (unzipped > DOCX_IMPORT_MAX_UNZIPPED_BYTES) {
    throw new AppError('PAYLOAD_TOO_LARGE', 'The document is too large once unpacked.', {
      messageKey: 'errors.document.import_too_large',
      params: { maxBytes: DOCX_IMPORT_MAX_BYTES },
    })
  }

  // Loaded on first use, like the converter: most callers of this domain never import a .docx.
  const { default: mammoth } = await import('mammoth')
  let html: string
  const warnings = new Set<TDocxImportWarning>()
  try {
    const result = await mammoth.convertToHtml(
      { buffer: file },
      {
        styleMap: STYLE_MAP,
        externalFileAccess: false,
        transformDocument: markAlignment,
        // Images are not part of a template: counted, never read.
        convertImage: mammoth.images.imgElement(async () => {
          warnings.add('images_dropped')
          return { src: '' }
        }),
      },
    )
    html = result.value
    // Unknown styles are normal in real documents; anything else is worth a look.
    if (result.messages.some((m) => m.type === 'error' || !/^Unrecognised (paragraph|run|table) style/i.test(m.message))) warnings.add('word_messages')
  } catch (e) {
    log.info('docx import refused', { templateId: id, err: e instanceof Error ? e.message : String(e) })
    throw documentInvalid('import_unreadable', 'The Word document could not be read.', [{ path: 'body.file', message: 'unreadable', code: 'import_unreadable' }])
  }
  const converted = htmlToBody(html)
  for (const w of converted.warnings) warnings.add(w)
  const parsed = ZTemplateBodySchema.safeParse(converted.body)
  if (!parsed.success) {
    throw documentInvalid('import_too_complex', 'The document is too large or too deeply nested for the constructor.', [
      { path: 'body.file', message: parsed.error.issues[0]?.message ?? 'invalid', code: 'import_too_complex' },
    ])
  }
  return { body: parsed.data, warnings: [...warnings] }
}
