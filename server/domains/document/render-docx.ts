import PizZip from 'pizzip'
import type { TQuestionnaire } from '../../../shared/questionnaire'
import type { TTemplateBody, TWordLang } from '../../../shared/template-body'
import { expandBody, type TAlign, type TLaidBlock, type TRun } from '../../../shared/template-expand'
import { CONTENT_TYPES, coreXml, DOCUMENT_RELS, documentXml, numberingXml, PACKAGE_RELS, SETTINGS, STYLES, TEXT_WIDTH } from './docx-parts'

/**
 * A template body with its values as a Word document. The body is laid out by the same
 * expandBody as the HTML preview (shared/template-expand.ts), so the preview and the file say
 * the same; this module only writes WordprocessingML and zips it with pizzip.
 *
 * Why our own writer and not the `docx` package or docxtemplater: the body is our JSON, not a
 * Word file with placeholders, so there is no template .docx to fill; what we print is a small
 * set (paragraphs, headings, numbered lists, tables, two columns) that fits in two short files;
 * pizzip is already a dependency (the tests read DOCX with it), so nothing new is installed;
 * and the output is byte-for-byte deterministic (fixed zip dates, no generated ids), which makes
 * a generated document reproducible from its version and answers.
 */

export interface TRenderDocxOptions {
  /** The language of text outside bilingual columns. */
  lang: TWordLang
  questionnaire?: TQuestionnaire
  /** The document's title in its properties (Word's File → Info). */
  title?: string
}

// DOS dates start in 1980; a fixed one keeps the bytes the same for the same input.
const ZIP_DATE = new Date(2000, 0, 1)

// XML 1.0 refuses most control characters and lone surrogates; an answer may hold them.
// eslint-disable-next-line no-control-regex
const INVALID_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g
const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' }
export const escapeXml = (s: string) => s.replace(INVALID_XML, '').replace(/[&<>"]/g, (c) => ENTITIES[c]!)

interface TWriter {
  ordered: { numId: number; start: number }[]
  nextNumId: number
}

interface TParaStyle {
  style?: string
  align?: TAlign
  num?: { numId: number; ilvl: number }
  indent?: number
  bold?: boolean
}

function runXml(r: TRun, forceBold: boolean): string {
  if ('br' in r) return '<w:r><w:br/></w:r>'
  const props = `${r.bold || forceBold ? '<w:b/><w:bCs/>' : ''}${r.italic ? '<w:i/><w:iCs/>' : ''}${r.underline ? '<w:u w:val="single"/>' : ''}`
  // A value typed with line breaks keeps them; tabs become Word tabs.
  return r.text
    .split('\n')
    .map((line) =>
      line
        .split('\t')
        .map((part) => `<w:t xml:space="preserve">${escapeXml(part)}</w:t>`)
        .join('<w:tab/>'),
    )
    .map((content) => `<w:r>${props ? `<w:rPr>${props}</w:rPr>` : ''}${content}</w:r>`)
    .join('<w:r><w:br/></w:r>')
}

const JC: Record<TAlign, string> = { left: 'left', center: 'center', right: 'right', justify: 'both' }

function paragraphXml(runs: readonly TRun[], s: TParaStyle): string {
  const pPr =
    (s.style ? `<w:pStyle w:val="${s.style}"/>` : '') +
    (s.num ? `<w:numPr><w:ilvl w:val="${s.num.ilvl}"/><w:numId w:val="${s.num.numId}"/></w:numPr>` : '') +
    (s.indent !== undefined ? `<w:ind w:left="${s.indent}"/>` : '') +
    (s.align ? `<w:jc w:val="${JC[s.align]}"/>` : '')
  return `<w:p>${pPr ? `<w:pPr>${pPr}</w:pPr>` : ''}${runs.map((r) => runXml(r, Boolean(s.bold))).join('')}</w:p>`
}

interface TPlace {
  /** List nesting: the level of a list met here. */
  level: number
  /** Inside a bordered table: paragraphs take the table text style. */
  inTable: boolean
  bold?: boolean
}

function tableXml(rows: Extract<TLaidBlock, { type: 'table' }>['rows'], w: TWriter, width: number): string {
  const columns = Math.max(1, ...rows.map((r) => r.cells.reduce((n, c) => n + (c.colspan ?? 1), 0)))
  const col = Math.floor(width / columns)
  const grid = Array.from({ length: columns }, () => `<w:gridCol w:w="${col}"/>`).join('')
  const trs = rows
    .map((r) => {
      const header = r.cells.length > 0 && r.cells.every((c) => c.header)
      const tcs = r.cells
        .map((c) => {
          const span = c.colspan ?? 1
          const inner = blocksXml(c.blocks, w, { level: 0, inTable: true, bold: c.header }, col * span - 216)
          // A cell must end with a paragraph, even when its content is a table or nothing.
          const content = inner.endsWith('</w:p>') ? inner : `${inner}<w:p/>`
          return `<w:tc><w:tcPr><w:tcW w:w="${col * span}" w:type="dxa"/>${span > 1 ? `<w:gridSpan w:val="${span}"/>` : ''}</w:tcPr>${content}</w:tc>`
        })
        .join('')
      return `<w:tr>${header ? '<w:trPr><w:tblHeader/></w:trPr>' : ''}${tcs}</w:tr>`
    })
    .join('')
  return `<w:tbl><w:tblPr><w:tblStyle w:val="TableGrid"/><w:tblW w:w="${col * columns}" w:type="dxa"/><w:tblLayout w:type="fixed"/><w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="0" w:lastColumn="0" w:noHBand="0" w:noVBand="1"/></w:tblPr><w:tblGrid>${grid}</w:tblGrid>${trs}</w:tbl>`
}

function bilingualXml(b: Extract<TLaidBlock, { type: 'bilingual' }>, w: TWriter, width: number): string {
  const col = Math.floor(width / 2)
  const cell = (blocks: readonly TLaidBlock[]) => {
    const inner = blocksXml(blocks, w, { level: 0, inTable: false }, col - 170)
    return `<w:tc><w:tcPr><w:tcW w:w="${col}" w:type="dxa"/></w:tcPr>${inner.endsWith('</w:p>') ? inner : `${inner}<w:p/>`}</w:tc>`
  }
  return `<w:tbl><w:tblPr><w:tblStyle w:val="Bilingual"/><w:tblW w:w="${col * 2}" w:type="dxa"/><w:tblLayout w:type="fixed"/></w:tblPr><w:tblGrid><w:gridCol w:w="${col}"/><w:gridCol w:w="${col}"/></w:tblGrid><w:tr><w:cantSplit/>${cell(b.ru)}${cell(b.kk)}</w:tr></w:tbl>`
}

function blocksXml(blocks: readonly TLaidBlock[], w: TWriter, place: TPlace, width: number): string {
  let out = ''
  for (const b of blocks) {
    switch (b.type) {
      case 'paragraph':
        out += paragraphXml(b.runs, { ...(place.inTable ? { style: 'TableText' } : {}), align: b.align, bold: place.bold })
        break
      case 'heading':
        out += paragraphXml(b.runs, { style: `Heading${b.level}`, align: b.align })
        break
      case 'list': {
        let numId = 1
        if (b.ordered) {
          numId = w.nextNumId++
          w.ordered.push({ numId, start: b.start ?? 1 })
        }
        const ilvl = Math.min(place.level, 8)
        for (const item of b.items) {
          // The item's first paragraph carries the number; the rest are indented under it.
          let numbered = false
          for (const inner of item) {
            if (!numbered && inner.type === 'paragraph') {
              out += paragraphXml(inner.runs, { style: 'ListParagraph', num: { numId, ilvl }, align: inner.align, bold: place.bold })
              numbered = true
            } else if (inner.type === 'paragraph') out += paragraphXml(inner.runs, { style: 'ListParagraph', indent: 360 + ilvl * 360, align: inner.align })
            else out += blocksXml([inner], w, { ...place, level: place.level + 1 }, width)
          }
          if (!numbered && item.length === 0) out += paragraphXml([], { style: 'ListParagraph', num: { numId, ilvl } })
        }
        break
      }
      case 'table':
        out += tableXml(b.rows, w, width)
        break
      case 'bilingual':
        out += bilingualXml(b, w, width)
        break
    }
  }
  return out
}

/** Laid-out blocks (template-expand) as DOCX bytes. */
export function laidBlocksToDocx(blocks: readonly TLaidBlock[], title = ''): Buffer {
  const w: TWriter = { ordered: [], nextNumId: 2 }
  let body = blocksXml(blocks, w, { level: 0, inTable: false }, TEXT_WIDTH)
  // Word wants a paragraph after a table that ends the body.
  if (!body.endsWith('</w:p>')) body += '<w:p/>'
  const zip = new PizZip()
  const put = (name: string, content: string) => zip.file(name, content, { date: ZIP_DATE, createFolders: false })
  put('[Content_Types].xml', CONTENT_TYPES)
  put('_rels/.rels', PACKAGE_RELS)
  put('docProps/core.xml', coreXml(escapeXml(title)))
  put('word/_rels/document.xml.rels', DOCUMENT_RELS)
  put('word/document.xml', documentXml(body))
  put('word/styles.xml', STYLES)
  put('word/numbering.xml', numberingXml(w.ordered))
  put('word/settings.xml', SETTINGS)
  return zip.generate({ type: 'nodebuffer', compression: 'DEFLATE' })
}

/** A template body with its values (resolveValues) as DOCX bytes. Pure and deterministic. */
export function renderDocx(body: TTemplateBody, values: Readonly<Record<string, unknown>>, opts: TRenderDocxOptions): Buffer {
  return laidBlocksToDocx(expandBody(body, values, { lang: opts.lang, questionnaire: opts.questionnaire }), opts.title)
}
