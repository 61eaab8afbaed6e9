import type { TBlock, TInline, TTemplateBody } from '#shared/template-body'

/**
 * TipTap's getJSON() carries the defaults of every attribute (textAlign: null, rowspan: 1,
 * colwidth: null, an ordered list's start: 1 and type) and would carry marks and nodes the
 * template format does not know. This turns it into exactly the shape of shared/template-body.ts:
 * only the attributes that say something, in the format's own names. The editor saves what
 * this returns; the e2e loads the lease template and compares.
 */
type TJson = { type?: string; attrs?: Record<string, unknown>; content?: TJson[]; marks?: Array<{ type: string }>; text?: string }

const MARKS = new Set(['bold', 'italic', 'underline'])
const ALIGNS = new Set(['left', 'center', 'right', 'justify'])

function marksOf(n: TJson): { marks?: Array<{ type: 'bold' | 'italic' | 'underline' }> } {
  const marks = (n.marks ?? []).filter((m) => MARKS.has(m.type)).map((m) => ({ type: m.type as 'bold' | 'italic' | 'underline' }))
  return marks.length ? { marks } : {}
}

function inline(n: TJson): TInline | null {
  if (n.type === 'text') return { type: 'text', text: n.text ?? '', ...marksOf(n) }
  if (n.type === 'hardBreak') return { type: 'hardBreak' }
  if (n.type === 'field') {
    const a = n.attrs ?? {}
    return { type: 'field', attrs: { key: String(a.key ?? ''), ...(a.format ? { format: a.format } : {}), ...(a.lang ? { lang: a.lang } : {}) }, ...marksOf(n) } as TInline
  }
  return null
}

function inlines(list: TJson[] | undefined): { content?: TInline[] } {
  const content = (list ?? []).map(inline).filter((x): x is TInline => x !== null)
  return content.length ? { content } : {}
}

function align(a: Record<string, unknown> | undefined): { textAlign?: 'left' | 'center' | 'right' | 'justify' } {
  const v = a?.textAlign
  return typeof v === 'string' && ALIGNS.has(v) ? { textAlign: v as 'left' } : {}
}

function blocks(list: TJson[] | undefined): TBlock[] {
  return (list ?? []).map(block).filter((x): x is TBlock => x !== null)
}

function withCondition(a: Record<string, unknown> | undefined) {
  return a?.condition ? { condition: a.condition } : {}
}

function block(n: TJson): TBlock | null {
  const a = n.attrs
  switch (n.type) {
    case 'paragraph': {
      const al = align(a)
      return { type: 'paragraph', ...(al.textAlign ? { attrs: al } : {}), ...inlines(n.content) }
    }
    case 'heading':
      return { type: 'heading', attrs: { level: (Number(a?.level) || 1) as 1 | 2 | 3, ...align(a) }, ...inlines(n.content) }
    case 'bulletList':
    case 'orderedList': {
      const items = (n.content ?? []).filter((i) => i.type === 'listItem').map((i) => {
        const c = withCondition(i.attrs)
        return { type: 'listItem' as const, ...(c.condition ? { attrs: c } : {}), content: blocks(i.content) }
      })
      if (n.type === 'bulletList') return { type: 'bulletList', content: items } as TBlock
      const start = Number(a?.start)
      return { type: 'orderedList', ...(Number.isInteger(start) && start !== 1 ? { attrs: { start } } : {}), content: items } as TBlock
    }
    case 'table':
      return {
        type: 'table',
        content: (n.content ?? []).filter((r) => r.type === 'tableRow').map((r) => {
          const ra = { ...(r.attrs?.repeat ? { repeat: r.attrs.repeat } : {}), ...withCondition(r.attrs) }
          return {
            type: 'tableRow',
            ...(Object.keys(ra).length ? { attrs: ra } : {}),
            content: (r.content ?? []).map((c) => {
              const colspan = Number(c.attrs?.colspan)
              return { type: c.type === 'tableHeader' ? 'tableHeader' : 'tableCell', ...(colspan > 1 ? { attrs: { colspan } } : {}), content: blocks(c.content) }
            }),
          }
        }),
      } as TBlock
    case 'clause':
      return { type: 'clause', attrs: { condition: a?.condition }, content: blocks(n.content) } as TBlock
    case 'repeat':
      return { type: 'repeat', attrs: { group: String(a?.group ?? '') }, content: blocks(n.content) }
    case 'bilingual':
      return {
        type: 'bilingual',
        content: (n.content ?? []).filter((c) => c.type === 'bilingualColumn').map((c) => ({ type: 'bilingualColumn' as const, attrs: { lang: c.attrs?.lang === 'kk' ? 'kk' : 'ru' } as const, content: blocks(c.content) })),
      }
    default:
      return null
  }
}

export function editorJsonToBody(json: unknown): TTemplateBody {
  const doc = json as TJson
  return { type: 'doc', content: blocks(doc?.content) }
}

/** What the editor loads: TipTap wants at least one block in a document. */
export function bodyToEditorJson(body: TTemplateBody | null | undefined): TTemplateBody {
  if (!body || !Array.isArray(body.content) || body.content.length === 0) return { type: 'doc', content: [{ type: 'paragraph' }] }
  return body
}
