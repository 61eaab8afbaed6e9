import { ExpressionError, orderComputed, type TCompiled } from './expressions'
import { type TComputedField, type TCondition, type TGroupQuestion, type TLocalizedText, type TQuestionnaire } from './questionnaire'
import { conditionKeys } from './questionnaire-logic'
import { UNSAFE_PATTERN } from './questionnaire-validate'
import { compiled } from './questionnaire-values'
import type { TBlock, TInline, TTemplateBody } from './template-body'

/**
 * The checks publishing runs: a template with any problem is refused with the whole list, so
 * the lawyer fixes them at once. Each problem has a code (the editor's text is keyed by it),
 * where it is (`body.content.3.content.0`, `questionnaire.pages.0.questions.2`) and the key
 * concerned. Pure, so the editor can show the same list while the lawyer types.
 */

export const TEMPLATE_PROBLEM_CODES = [
  /** A field token names no question or computed field. */
  'unknown_field',
  /** A condition (clause, list item, row, question, page) names no question. */
  'condition_unknown_key',
  /** A question's or page's condition reads a computed field: computed fields follow answers, not the reverse. */
  'condition_on_computed',
  /** Computed fields that read each other in a circle. */
  'computed_cycle',
  /** A computed field's expression does not parse or uses what the language forbids. */
  'expression_invalid',
  /** A computed field reads a key that is neither a question nor a computed field. */
  'expression_unknown_key',
  /** A repeat (block or table row) over a key that is not a repeating group, or inside another repeat. */
  'repeat_not_group',
  'repeat_nested',
  /** Two questions or computed fields with one key, or two pages with one id. */
  'duplicate_key',
  /** A bilingual template with no bilingual block, or a block without its kk (or ru) column, or an empty one. */
  'bilingual_missing',
  'kk_missing',
  'kk_empty',
  'ru_missing',
  /** A bilingual template's questionnaire text (page title, label, option, role) without its Kazakh. */
  'kk_label_missing',
  /** A text pattern that does not compile or could backtrack without end. */
  'pattern_invalid',
  /** min above max, or a choice with two options of one value. */
  'limits_invalid',
  'option_duplicate',
] as const
export type TTemplateProblemCode = (typeof TEMPLATE_PROBLEM_CODES)[number]

export interface TTemplateProblem {
  code: TTemplateProblemCode
  path: string
  key?: string
  detail?: string
}

interface TKeys {
  top: Set<string>
  computed: Set<string>
  groups: Map<string, { group: TGroupQuestion; keys: Set<string> }>
}

function keysOf(q: TQuestionnaire): TKeys {
  const top = new Set<string>()
  const computed = new Set((q.computed ?? []).map((c) => c.key))
  const groups = new Map<string, { group: TGroupQuestion; keys: Set<string> }>()
  for (const page of q.pages) {
    for (const question of page.questions) {
      top.add(question.key)
      if (question.type === 'group') groups.set(question.key, { group: question, keys: new Set([...question.questions.map((x) => x.key), ...(question.computed ?? []).map((c) => c.key)]) })
    }
  }
  return { top, computed, groups }
}

function checkComputed(fields: readonly TComputedField[], known: (k: string) => boolean, path: string, problems: TTemplateProblem[], prefix = ''): void {
  const ok: { name: string; reads: string[] }[] = []
  fields.forEach((f, i) => {
    const c: TCompiled | ExpressionError = compiled(f.expression)
    if (c instanceof ExpressionError) return void problems.push({ code: 'expression_invalid', path: `${path}.${i}`, key: prefix + f.key, detail: c.message })
    for (const r of c.reads) if (!known(r)) problems.push({ code: 'expression_unknown_key', path: `${path}.${i}`, key: prefix + f.key, detail: r })
    ok.push({ name: f.key, reads: c.reads })
  })
  const order = orderComputed(ok)
  if ('cycle' in order) problems.push({ code: 'computed_cycle', path, key: prefix + order.cycle[0], detail: order.cycle.map((k) => prefix + k).join(' → ') })
}

/** The questionnaire's own problems (keys, conditions, computed fields, patterns, limits). */
export function checkQuestionnaire(q: TQuestionnaire): TTemplateProblem[] {
  const problems: TTemplateProblem[] = []
  const keys = keysOf(q)
  const seen = new Set<string>()
  const dup = (key: string, path: string) => {
    if (seen.has(key)) problems.push({ code: 'duplicate_key', path, key })
    seen.add(key)
  }
  const pageIds = new Set<string>()
  q.pages.forEach((page, p) => {
    if (pageIds.has(page.id)) problems.push({ code: 'duplicate_key', path: `questionnaire.pages.${p}`, key: page.id })
    pageIds.add(page.id)
    const cond = (c: TCondition | undefined, path: string, local?: Set<string>) => {
      for (const k of c ? conditionKeys(c) : []) {
        if (keys.computed.has(k)) problems.push({ code: 'condition_on_computed', path, key: k })
        else if (!keys.top.has(k) && !local?.has(k)) problems.push({ code: 'condition_unknown_key', path, key: k })
      }
    }
    cond(page.condition, `questionnaire.pages.${p}`)
    page.questions.forEach((question, i) => {
      const path = `questionnaire.pages.${p}.questions.${i}`
      dup(question.key, path)
      cond(question.condition, path)
      const inner = question.type === 'group' ? question.questions.map((x, j) => ({ x, path: `${path}.questions.${j}` })) : [{ x: question, path }]
      const local = question.type === 'group' ? keys.groups.get(question.key)!.keys : undefined
      if (question.type === 'group') {
        const innerSeen = new Set<string>()
        for (const { x, path: ip } of inner) {
          if (innerSeen.has(x.key)) problems.push({ code: 'duplicate_key', path: ip, key: x.key })
          innerSeen.add(x.key)
          cond(x.condition, ip, local)
        }
        if (question.minCount !== undefined && question.maxCount !== undefined && question.minCount > question.maxCount) problems.push({ code: 'limits_invalid', path, key: question.key })
        checkComputed(question.computed ?? [], (k) => local!.has(k) || keys.top.has(k) || keys.computed.has(k), `${path}.computed`, problems, `${question.key}.`)
      }
      for (const { x, path: ip } of inner) {
        if (x.type === 'text' && x.pattern !== undefined) {
          let valid = !UNSAFE_PATTERN.test(x.pattern)
          try {
            new RegExp(x.pattern, 'u')
          } catch {
            valid = false
          }
          if (!valid) problems.push({ code: 'pattern_invalid', path: ip, key: x.key })
        }
        if ('min' in x && 'max' in x && x.min !== undefined && x.max !== undefined && x.min > x.max) problems.push({ code: 'limits_invalid', path: ip, key: x.key })
        if ((x.type === 'choice' || x.type === 'multiChoice') && new Set(x.options.map((o) => o.value)).size !== x.options.length) problems.push({ code: 'option_duplicate', path: ip, key: x.key })
      }
    })
  })
  ;(q.computed ?? []).forEach((c, i) => dup(c.key, `questionnaire.computed.${i}`))
  checkComputed(q.computed ?? [], (k) => keys.top.has(k) || keys.computed.has(k), 'questionnaire.computed', problems)
  return problems
}

/** Whether blocks hold any printed text: a non-blank text node or a field. */
function hasText(v: unknown): boolean {
  if (Array.isArray(v)) return v.some(hasText)
  if (v === null || typeof v !== 'object') return false
  const node = v as { type?: unknown; text?: unknown; content?: unknown }
  return node.type === 'field' || (node.type === 'text' && typeof node.text === 'string' && node.text.trim() !== '') || hasText(node.content)
}

/** Texts of a questionnaire a Kazakh-speaking person reads, without their Kazakh version. */
function missingKazakh(q: TQuestionnaire): TTemplateProblem[] {
  const problems: TTemplateProblem[] = []
  const need = (text: TLocalizedText | undefined, path: string, key: string) => {
    if (text && !text.kk?.trim()) problems.push({ code: 'kk_label_missing', path, key })
  }
  q.pages.forEach((page, p) => {
    need(page.title, `questionnaire.pages.${p}.title`, page.id)
    page.questions.forEach((question, i) => {
      const path = `questionnaire.pages.${p}.questions.${i}`
      const inner = question.type === 'group' ? [{ x: question, path }, ...question.questions.map((x, j) => ({ x, path: `${path}.questions.${j}` }))] : [{ x: question, path }]
      for (const { x, path: ip } of inner) {
        need(x.label, `${ip}.label`, x.key)
        need(x.help, `${ip}.help`, x.key)
        if (x.type === 'signingParty') need(x.role, `${ip}.role`, x.key)
        if (x.type === 'group') need(x.itemLabel, `${ip}.itemLabel`, x.key)
        if (x.type === 'choice' || x.type === 'multiChoice') x.options.forEach((o, k) => need(o.label, `${ip}.options.${k}`, x.key))
      }
    })
  })
  return problems
}

/**
 * Problems of a body against its questionnaire (and the questionnaire's own): empty when the
 * template can be published. `bilingual`: the template promises ru and kk side by side.
 */
export function checkTemplate(body: TTemplateBody, q: TQuestionnaire, opts: { bilingual: boolean }): TTemplateProblem[] {
  const problems = [...checkQuestionnaire(q), ...(opts.bilingual ? missingKazakh(q) : [])]
  const keys = keysOf(q)
  let bilingualBlocks = 0
  const known = (key: string, group: string | undefined) => {
    const first = key.split('.')[0]!
    if (group && (first === '$n' || keys.groups.get(group)?.keys.has(first))) return true
    return keys.top.has(first) || keys.computed.has(first)
  }
  const cond = (c: TCondition | null | undefined, path: string, group: string | undefined) => {
    for (const k of c ? conditionKeys(c) : []) if (!known(k, group)) problems.push({ code: 'condition_unknown_key', path, key: k })
  }
  const enterRepeat = (target: string, path: string, group: string | undefined): string | undefined => {
    if (group) problems.push({ code: 'repeat_nested', path, key: target })
    else if (!keys.groups.has(target)) problems.push({ code: 'repeat_not_group', path, key: target })
    return keys.groups.has(target) ? target : group
  }
  const inline = (content: readonly TInline[] | undefined, path: string, group: string | undefined) => {
    content?.forEach((node, i) => {
      if (node.type === 'field' && !known(node.attrs.key, group)) problems.push({ code: 'unknown_field', path: `${path}.content.${i}`, key: node.attrs.key })
    })
  }
  const walk = (content: readonly TBlock[], path: string, group: string | undefined) => {
    content.forEach((block, i) => {
      const p = `${path}.content.${i}`
      switch (block.type) {
        case 'paragraph':
        case 'heading':
          return inline(block.content, p, group)
        case 'bulletList':
        case 'orderedList':
          return block.content.forEach((item, j) => {
            cond(item.attrs?.condition, `${p}.content.${j}`, group)
            walk(item.content, `${p}.content.${j}`, group)
          })
        case 'table':
          return block.content.forEach((row, j) => {
            const rp = `${p}.content.${j}`
            const g = row.attrs?.repeat ? enterRepeat(row.attrs.repeat, rp, group) : group
            cond(row.attrs?.condition, rp, g)
            row.content.forEach((cell, k) => walk(cell.content, `${rp}.content.${k}`, g))
          })
        case 'clause':
          cond(block.attrs.condition, p, group)
          return walk(block.content, p, group)
        case 'repeat':
          return walk(block.content, p, enterRepeat(block.attrs.group, p, group))
        case 'bilingual': {
          bilingualBlocks++
          const ru = block.content.find((c) => c.attrs.lang === 'ru')
          const kk = block.content.find((c) => c.attrs.lang === 'kk')
          if (!ru) problems.push({ code: 'ru_missing', path: p })
          if (!kk) problems.push({ code: 'kk_missing', path: p })
          else if (opts.bilingual && !hasText(kk.content)) problems.push({ code: 'kk_empty', path: p })
          return block.content.forEach((c, j) => walk(c.content, `${p}.content.${j}`, group))
        }
      }
    })
  }
  walk(body.content, 'body', undefined)
  if (opts.bilingual && bilingualBlocks === 0) problems.push({ code: 'bilingual_missing', path: 'body' })
  return problems
}
