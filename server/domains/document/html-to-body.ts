import { ELEMENT_NODE, parse, TEXT_NODE } from 'ultrahtml'
import type { TBlock, TInline, TListItem, TTableCell, TTableRow, TTemplateBody } from '../../../shared/template-body'
import { TEMPLATE_LIMITS } from '../../../shared/template-body'
import type { TDocxImportWarning } from '../../../shared/document-import'

/**
 * The constructor's body from the simple HTML mammoth makes of a .docx: paragraphs (with the
 * alignment import-docx.ts puts in a class `align-<value>`), headings 1–3 (4–6 lowered to 3),
 * bold/italic/underline, hard breaks, bullet and ordered lists (nested), tables (colspan kept).
 * Anything else keeps its text and loses its form (links, footnote marks, strikethrough,
 * sub/superscript); images are dropped. Each kind of loss is one warning code.
 */
type TMark = 'bold' | 'italic' | 'underline'
interface TNode {
  type: number
  name?: string
  value?: string
  attributes?: Record<string, string>
  children?: TNode[]
}

const MARK_OF: Record<string, TMark> = { strong: 'bold', b: 'bold', em: 'italic', i: 'italic', u: 'underline' }
const HEADINGS: Record<string, 1 | 2 | 3> = { h1: 1, h2: 2, h3: 3, h4: 3, h5: 3, h6: 3 }
const BLOCK_TAGS = new Set(['p', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'ul', 'ol', 'table', 'div', 'blockquote', 'section', 'article', 'li', 'tr', 'td', 'th', 'thead', 'tbody', 'tfoot', 'dl', 'dt', 'dd', 'pre', 'hr'])
const ALIGNS = new Set(['left', 'center', 'right', 'justify'])
/** Inline tags whose text is kept and whose form is lost (a warning). */
const FLATTENED = new Set(['a', 's', 'del', 'strike', 'sup', 'sub', 'code', 'mark', 'small', 'span', 'font'])

const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' }
function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (m, e: string) => {
    if (e[0] === '#') {
      const code = e[1] === 'x' || e[1] === 'X' ? Number.parseInt(e.slice(2), 16) : Number.parseInt(e.slice(1), 10)
      return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : ''
    }
    return NAMED[e.toLowerCase()] ?? m
  })
}

export interface THtmlToBody {
  body: TTemplateBody
  warnings: TDocxImportWarning[]
}

export function htmlToBody(html: string): THtmlToBody {
  const warnings = new Set<TDocxImportWarning>()
  const root = parse(html) as TNode

  const sameMarks = (a: TMark[] = [], b: TMark[] = []) => a.length === b.length && a.every((m, i) => m === b[i])

  function pushText(out: TInline[], text: string, marks: TMark[]) {
    if (!text) return
    const last = out.at(-1)
    if (last?.type === 'text' && sameMarks(last.marks?.map((m) => m.type), marks) && last.text.length + text.length <= TEMPLATE_LIMITS.maxText) {
      last.text += text
      return
    }
    for (let i = 0; i < text.length; i += TEMPLATE_LIMITS.maxText) {
      const part = text.slice(i, i + TEMPLATE_LIMITS.maxText)
      out.push(marks.length ? { type: 'text', text: part, marks: marks.map((type) => ({ type })) } : { type: 'text', text: part })
    }
  }

  /** Inline content of `nodes`; block elements met inside are read for their text. */
  function inline(nodes: TNode[] = [], marks: TMark[] = [], out: TInline[] = []): TInline[] {
    for (const n of nodes) {
      if (n.type === TEXT_NODE) pushText(out, decodeEntities(n.value ?? '').replace(/[\r\n\t]+/g, ' '), marks)
      else if (n.type === ELEMENT_NODE) {
        const name = n.name!.toLowerCase()
        const mark = MARK_OF[name]
        if (name === 'br') out.push({ type: 'hardBreak' })
        else if (name === 'img') warnings.add('images_dropped')
        else if (mark) inline(n.children, marks.includes(mark) ? marks : [...marks, mark].sort(), out)
        else {
          if (FLATTENED.has(name)) warnings.add('formatting_flattened')
          inline(n.children, marks, out)
        }
      }
    }
    return out
  }

  const trimmed = (content: TInline[]): TInline[] => {
    // Leading/trailing breaks and blank-only text carry nothing in a paragraph.
    while (content[0]?.type === 'hardBreak') content.shift()
    while (content.at(-1)?.type === 'hardBreak') content.pop()
    return content.every((c) => c.type === 'text' && !c.text.trim()) ? [] : content
  }

  function paragraph(content: TInline[], align?: string | null): TBlock {
    const c = trimmed(content)
    return { type: 'paragraph', ...(align ? { attrs: { textAlign: align as 'left' } } : {}), ...(c.length ? { content: c } : {}) }
  }

  function alignOf(n: TNode): string | null {
    const cls = (n.attributes?.class ?? '').split(/\s+/).find((c) => c.startsWith('align-'))
    const a = cls?.slice('align-'.length)
    return a && ALIGNS.has(a) ? a : null
  }

  /** Block content of `nodes`: runs of inline nodes between blocks become paragraphs. */
  function blocks(nodes: TNode[] = []): TBlock[] {
    const out: TBlock[] = []
    let run: TNode[] = []
    const flush = () => {
      if (!run.length) return
      const content = trimmed(inline(run))
      if (content.length) out.push(paragraph(content))
      run = []
    }
    for (const n of nodes) {
      const name = n.type === ELEMENT_NODE ? n.name!.toLowerCase() : ''
      if (!BLOCK_TAGS.has(name)) {
        if (n.type === TEXT_NODE || n.type === ELEMENT_NODE) run.push(n)
        continue
      }
      flush()
      if (name === 'p' || name === 'pre' || name === 'dt' || name === 'dd') {
        const content = trimmed(inline(n.children))
        // mammoth leaves out empty paragraphs; an empty one here would be an image-only paragraph.
        if (content.length) out.push(paragraph(content, alignOf(n)))
      } else if (HEADINGS[name]) {
        if (HEADINGS[name] === 3 && name !== 'h3') warnings.add('headings_lowered')
        const content = trimmed(inline(n.children))
        const align = alignOf(n)
        if (content.length) out.push({ type: 'heading', attrs: { level: HEADINGS[name]!, ...(align ? { textAlign: align as 'left' } : {}) }, content })
      } else if (name === 'ul' || name === 'ol') {
        const items = listItems(n)
        if (!items.length) continue
        if (name === 'ul') out.push({ type: 'bulletList', content: items })
        else {
          const start = Number.parseInt(n.attributes?.start ?? '', 10)
          out.push({ type: 'orderedList', ...(Number.isInteger(start) && start !== 1 && start >= 0 && start <= 10_000 ? { attrs: { start } } : {}), content: items })
        }
      } else if (name === 'table') {
        const rows = tableRows(n)
        if (rows.length) out.push({ type: 'table', content: rows })
      } else if (name === 'hr') {
        // A rule has no text: nothing to keep.
      } else out.push(...blocks(n.children)) // div, blockquote, a stray li/tr/td: their content
    }
    flush()
    return out
  }

  function listItems(list: TNode): TListItem[] {
    const items: TListItem[] = []
    for (const c of list.children ?? []) {
      if (c.type !== ELEMENT_NODE) continue
      const name = c.name!.toLowerCase()
      // A list nested straight in a list (no li around it) joins the previous item.
      if ((name === 'ul' || name === 'ol') && items.length) {
        items.at(-1)!.content.push(...blocks([c]))
        continue
      }
      const content = blocks(name === 'li' ? c.children : [c])
      items.push({ type: 'listItem', content: content.length ? content : [{ type: 'paragraph' }] })
    }
    return items
  }

  function tableRows(table: TNode): TTableRow[] {
    const rows: TTableRow[] = []
    const walk = (nodes: TNode[] = []) => {
      for (const n of nodes) {
        if (n.type !== ELEMENT_NODE) continue
        const name = n.name!.toLowerCase()
        if (name === 'thead' || name === 'tbody' || name === 'tfoot') walk(n.children)
        else if (name === 'tr') {
          const cells: TTableCell[] = []
          for (const c of n.children ?? []) {
            if (c.type !== ELEMENT_NODE) continue
            const cname = c.name!.toLowerCase()
            if (cname !== 'td' && cname !== 'th') continue
            const colspan = Number.parseInt(c.attributes?.colspan ?? '', 10)
            if (Number.parseInt(c.attributes?.rowspan ?? '1', 10) > 1) warnings.add('merged_cells_split')
            const content = blocks(c.children)
            cells.push({
              type: cname === 'th' ? 'tableHeader' : 'tableCell',
              ...(Number.isInteger(colspan) && colspan > 1 ? { attrs: { colspan: Math.min(colspan, 50) } } : {}),
              content: content.length ? content : [{ type: 'paragraph' }],
            })
          }
          if (cells.length) rows.push({ type: 'tableRow', content: cells.slice(0, 50) })
        }
      }
    }
    walk(table.children)
    return rows
  }

  const content = blocks(root.children)
  if (!content.length) warnings.add('empty')
  return { body: { type: 'doc', content: content.length ? content : [{ type: 'paragraph' }] }, warnings: [...warnings] }
}
