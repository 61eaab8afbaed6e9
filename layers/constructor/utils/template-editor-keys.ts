import { localized, type TCondition, type TQuestion, type TQuestionnaire, type TSimpleQuestion } from '#shared/questionnaire'

/** The parts of a composite answer a template prints with `key.part` (shared/questionnaire-values.ts). */
export const COMPOSITE_PATHS: Partial<Record<TQuestion['type'], string[]>> = {
  person: ['name', 'last', 'first', 'middle', 'iin', 'address'],
  company: ['name', 'bin', 'address', 'director.name'],
  signingParty: ['name', 'kind', 'iin', 'bin', 'address', 'role'],
  address: ['city', 'line'],
  bankDetails: ['bankName', 'iban', 'bic'],
}

export interface TKeyChoice {
  value: string
  label: string
  /** The question's type ('computed' for a computed field); conditions pick the value input by it. */
  type: string
  options?: Array<{ value: string; label: string }>
}

function choice(q: TQuestion | TSimpleQuestion, locale: string, prefix = ''): TKeyChoice {
  const options = 'options' in q ? q.options.map((o) => ({ value: o.value, label: localized(o.label, locale) || o.value })) : undefined
  return { value: q.key, label: `${prefix}${localized(q.label, locale) || q.key}`, type: q.type, options }
}

/** The keys a field token may name: questions, their parts, computed fields, and inside `group` its item's questions and `$n`. */
export function fieldChoices(q: TQuestionnaire, locale: string, group?: string | null): TKeyChoice[] {
  const out: TKeyChoice[] = []
  const g = group ? q.pages.flatMap((p) => p.questions).find((x) => x.type === 'group' && x.key === group) : undefined
  if (g && g.type === 'group') {
    out.push({ value: '$n', label: '№', type: 'number' })
    for (const inner of g.questions) {
      out.push(choice(inner, locale, '↻ '))
      for (const part of COMPOSITE_PATHS[inner.type] ?? []) out.push({ value: `${inner.key}.${part}`, label: `↻ ${localized(inner.label, locale) || inner.key} · ${part}`, type: 'text' })
    }
    for (const c of g.computed ?? []) out.push({ value: c.key, label: `↻ ƒ ${c.key}`, type: 'computed' })
  }
  for (const page of q.pages) {
    for (const question of page.questions) {
      if (question.type === 'group') continue
      out.push(choice(question, locale))
      for (const part of COMPOSITE_PATHS[question.type] ?? []) out.push({ value: `${question.key}.${part}`, label: `${localized(question.label, locale) || question.key} · ${part}`, type: 'text' })
    }
  }
  for (const c of q.computed ?? []) out.push({ value: c.key, label: `ƒ ${c.key}`, type: 'computed' })
  return out
}

/** The keys a condition may read: every question (groups for «is answered»), a composite's kind. */
export function conditionChoices(q: TQuestionnaire, locale: string, opts: { computed?: boolean } = {}): TKeyChoice[] {
  const out: TKeyChoice[] = []
  for (const page of q.pages) {
    for (const question of page.questions) {
      out.push(choice(question, locale))
      if (question.type === 'signingParty') out.push({ value: `${question.key}.kind`, label: `${localized(question.label, locale) || question.key} · kind`, type: 'text', options: [{ value: 'person', label: 'person' }, { value: 'company', label: 'company' }] })
    }
  }
  if (opts.computed) for (const c of q.computed ?? []) out.push({ value: c.key, label: `ƒ ${c.key}`, type: 'computed' })
  return out
}

export function groupChoices(q: TQuestionnaire, locale: string): TKeyChoice[] {
  return q.pages.flatMap((p) => p.questions).filter((x) => x.type === 'group').map((g) => choice(g, locale))
}

/** A question's label for a field key («landlord.name» → «Арендодатель · name»); the key itself when unknown. */
export function labelOfKey(q: TQuestionnaire | null | undefined, key: string, locale: string): { label: string; known: boolean } {
  if (!q) return { label: key, known: false }
  if (key === '$n') return { label: '№', known: true }
  const [head, ...rest] = key.split('.')
  for (const page of q.pages) {
    for (const question of page.questions) {
      if (question.key === head) return { label: [localized(question.label, locale) || head, ...rest].join(' · '), known: true }
      if (question.type === 'group') {
        const inner = question.questions.find((x) => x.key === head)
        if (inner) return { label: [localized(inner.label, locale) || head, ...rest].join(' · '), known: true }
        if ((question.computed ?? []).some((c) => c.key === head)) return { label: `ƒ ${key}`, known: true }
      }
    }
  }
  if ((q.computed ?? []).some((c) => c.key === head)) return { label: `ƒ ${key}`, known: true }
  return { label: key, known: false }
}

const OP_SIGNS: Record<string, string> = { eq: '=', ne: '≠', lt: '<', lte: '≤', gt: '>', gte: '≥' }

/** A condition in one line: «Залог = да и Город ∈ {Алматы, Астана}». */
export function describeCondition(c: TCondition | null | undefined, labelOf: (key: string) => string, words: { and: string; or: string; not: string; empty: string; answered: string; yes: string; no: string }): string {
  if (!c) return '—'
  const val = (v: unknown) => (v === true ? words.yes : v === false ? words.no : v === null ? '∅' : String(v))
  if ('all' in c) return c.all.map((x) => describeCondition(x, labelOf, words)).join(` ${words.and} `)
  if ('any' in c) return c.any.map((x) => describeCondition(x, labelOf, words)).join(` ${words.or} `)
  if ('not' in c) {
    if ('op' in c.not && c.not.op === 'isEmpty') return `${labelOf(c.not.key)} ${words.answered}`
    return `${words.not} (${describeCondition(c.not, labelOf, words)})`
  }
  if (c.op === 'isEmpty') return `${labelOf(c.key)} ${words.empty}`
  if (c.op === 'isOneOf') return `${labelOf(c.key)} ∈ {${c.values.map(val).join(', ')}}`
  return `${labelOf(c.key)} ${OP_SIGNS[c.op]} ${val(c.value)}`
}
