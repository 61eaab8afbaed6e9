import { allQuestions, QUESTIONNAIRE_LIMITS, type TLocalizedText, type TQuestionnaire } from './questionnaire'
import { evaluateCondition, readPath } from './questionnaire-logic'
import type { TBlock, TInline, TListItem, TTableRow, TTemplateBody, TWordLang } from './template-body'
import { formatValue, type TOptionLabels } from './template-format'

/**
 * A body with its values applied: fields printed, clauses that do not hold removed, repeats
 * unrolled. What is left is plain layout (paragraphs, lists, tables, bilingual columns) that
 * the HTML preview and the DOCX writer each serialise, so both always show the same text.
 */

export type TRun = { text: string; bold?: true; italic?: true; underline?: true; field?: string; blank?: true } | { br: true }
export type TAlign = 'left' | 'center' | 'right' | 'justify'
export type TLaidBlock =
  | { type: 'paragraph'; align?: TAlign; runs: TRun[] }
  | { type: 'heading'; level: 1 | 2 | 3; align?: TAlign; runs: TRun[] }
  | { type: 'list'; ordered: boolean; start?: number; items: TLaidBlock[][] }
  | { type: 'table'; rows: { cells: { blocks: TLaidBlock[]; colspan?: number; header?: boolean }[] }[] }
  | { type: 'bilingual'; ru: TLaidBlock[]; kk: TLaidBlock[] }

export interface TExpandOptions {
  /** The language of text outside bilingual columns: words, yes/no and option labels. */
  lang: TWordLang
  /** Gives choices their labels; without it a choice prints its value. */
  questionnaire?: TQuestionnaire
  /** What an empty field prints (the preview may pass the question's label). */
  blank?: string
}

/** What an unanswered field prints: a line to fill in by hand. */
export const BLANK = '________'

interface TCtx {
  lang: TWordLang
  scope: Readonly<Record<string, unknown>>
  options: TOptionLabels
  blank: string
}

export function optionLabels(q: TQuestionnaire | undefined): TOptionLabels {
  const map = new Map<string, Map<string, TLocalizedText>>()
  if (!q) return map
  for (const { question } of allQuestions(q)) {
    if (question.type === 'choice' || question.type === 'multiChoice') map.set(question.key, new Map(question.options.map((o) => [o.value, o.label])))
  }
  return map
}

function runs(content: readonly TInline[] | undefined, ctx: TCtx): TRun[] {
  const out: TRun[] = []
  for (const node of content ?? []) {
    if (node.type === 'hardBreak') {
      out.push({ br: true })
      continue
    }
    const marks: { bold?: true; italic?: true; underline?: true } = {}
    for (const m of node.marks ?? []) marks[m.type] = true
    if (node.type === 'text') {
      if (node.text) out.push({ text: node.text, ...marks })
      continue
    }
    const { key, format, lang } = node.attrs
    const printed = formatValue(readPath(ctx.scope, key), format, { lang: lang ?? ctx.lang, options: ctx.options, key: key.split('.').at(-1) })
    out.push(printed === null ? { text: ctx.blank, field: key, blank: true, ...marks } : { text: printed, field: key, ...marks })
  }
  return out
}

/** The items of a repeated group: each item's values over the outer scope, and its number as `$n`. */
function itemScopes(group: string, ctx: TCtx): TCtx[] {
  const items = readPath(ctx.scope, group)
  if (!Array.isArray(items)) return []
  return items.slice(0, QUESTIONNAIRE_LIMITS.maxRepeat).map((item, i) => ({ ...ctx, scope: { ...ctx.scope, ...(item !== null && typeof item === 'object' && !Array.isArray(item) ? item : {}), $n: i + 1 } }))
}

const holds = (condition: Parameters<typeof evaluateCondition>[0] | null | undefined, ctx: TCtx) => !condition || evaluateCondition(condition, ctx.scope)

function listItems(items: readonly TListItem[], ctx: TCtx): TLaidBlock[][] {
  return items.filter((item) => holds(item.attrs?.condition, ctx)).map((item) => expandBlocks(item.content, ctx))
}

function tableRows(rows: readonly TTableRow[], ctx: TCtx) {
  const out: { cells: { blocks: TLaidBlock[]; colspan?: number; header?: boolean }[] }[] = []
  const row = (r: TTableRow, c: TCtx) => ({
    cells: r.content.map((cell) => ({
      blocks: expandBlocks(cell.content, c),
      ...(cell.attrs?.colspan && cell.attrs.colspan > 1 ? { colspan: cell.attrs.colspan } : {}),
      ...(cell.type === 'tableHeader' ? { header: true } : {}),
    })),
  })
  for (const r of rows) {
    if (r.attrs?.repeat) {
      for (const item of itemScopes(r.attrs.repeat, ctx)) if (holds(r.attrs.condition, item)) out.push(row(r, item))
    } else if (holds(r.attrs?.condition, ctx)) out.push(row(r, ctx))
  }
  return out
}

function expandBlocks(content: readonly TBlock[], ctx: TCtx): TLaidBlock[] {
  const out: TLaidBlock[] = []
  for (const block of content) {
    switch (block.type) {
      case 'paragraph':
        out.push({ type: 'paragraph', ...(block.attrs?.textAlign ? { align: block.attrs.textAlign } : {}), runs: runs(block.content, ctx) })
        break
      case 'heading':
        out.push({ type: 'heading', level: block.attrs.level, ...(block.attrs.textAlign ? { align: block.attrs.textAlign } : {}), runs: runs(block.content, ctx) })
        break
      case 'bulletList':
      case 'orderedList': {
        const items = listItems(block.content, ctx)
        const start = block.type === 'orderedList' ? block.attrs?.start : undefined
        if (items.length) out.push({ type: 'list', ordered: block.type === 'orderedList', ...(start && start !== 1 ? { start } : {}), items })
        break
      }
      case 'table': {
        const rows = tableRows(block.content, ctx)
        if (rows.length) out.push({ type: 'table', rows })
        break
      }
      case 'clause':
        if (holds(block.attrs.condition, ctx)) out.push(...expandBlocks(block.content, ctx))
        break
      case 'repeat':
        for (const item of itemScopes(block.attrs.group, ctx)) out.push(...expandBlocks(block.content, item))
        break
      case 'bilingual': {
        const column = (lang: TWordLang) => {
          const c = block.content.find((x) => x.attrs.lang === lang)
          return c ? expandBlocks(c.content, { ...ctx, lang }) : []
        }
        out.push({ type: 'bilingual', ru: column('ru'), kk: column('kk') })
        break
      }
    }
  }
  return out
}

/** The body laid out for these values (from resolveValues). Pure: the same input, the same output. */
export function expandBody(body: TTemplateBody, values: Readonly<Record<string, unknown>>, opts: TExpandOptions): TLaidBlock[] {
  return expandBlocks(body.content, { lang: opts.lang, scope: values, options: optionLabels(opts.questionnaire), blank: opts.blank ?? BLANK })
}

/** The text of laid-out blocks, one line per paragraph (search indexing, tests, plain previews). */
export function laidText(blocks: readonly TLaidBlock[]): string {
  const lines: string[] = []
  const walk = (bs: readonly TLaidBlock[]) => {
    for (const b of bs) {
      if (b.type === 'paragraph' || b.type === 'heading') lines.push(b.runs.map((r) => ('br' in r ? '\n' : r.text)).join(''))
      else if (b.type === 'list') b.items.forEach(walk)
      else if (b.type === 'table') b.rows.forEach((r) => r.cells.forEach((c) => walk(c.blocks)))
      else {
        walk(b.ru)
        walk(b.kk)
      }
    }
  }
  walk(blocks)
  return lines.join('\n')
}
