import type { TRegionCode } from './locales'
import { QUESTIONNAIRE_LIMITS, type TCondition, type TCurrency, type TGroupQuestion, type TQuestionnaire, type TQuestionnairePage, type TScalar } from './questionnaire'

/**
 * Conditions and visibility: which pages and questions a person sees for the answers so far.
 * The runner, the server's validation and the document's clauses all call these, so a
 * question hidden in the form is also unvalidated on the server and unprinted in the document.
 */

export type TAnswers = Readonly<Record<string, unknown>>
export type TScope = Readonly<Record<string, unknown>>

const own = (o: unknown, k: string): boolean => o !== null && typeof o === 'object' && !Array.isArray(o) && Object.hasOwn(o, k)

/** Reads `a.b.c` from a scope of answers or values; anything not owned is undefined. */
export function readPath(scope: TScope, path: string): unknown {
  let v: unknown = scope
  for (const part of path.split('.')) {
    if (!own(v, part)) return undefined
    v = (v as Record<string, unknown>)[part]
  }
  return v
}

/** Money compares and computes by its amount in minor units. */
export function isMoney(v: unknown): v is { amount: number; currency: string } {
  return own(v, 'amount') && own(v, 'currency') && typeof (v as { amount: unknown }).amount === 'number'
}

function comparable(v: unknown): unknown {
  return isMoney(v) ? v.amount : v
}

/** Empty: not answered, blank text, an empty list, a record whose every field is empty. */
export function isEmptyValue(v: unknown, depth = 0): boolean {
  if (v === undefined || v === null) return true
  if (typeof v === 'string') return v.trim() === ''
  if (Array.isArray(v)) return v.length === 0
  if (typeof v === 'object') return depth > 3 || Object.values(v).every((x) => isEmptyValue(x, depth + 1))
  return false
}

function equals(a: unknown, b: TScalar): boolean {
  // A multiple choice «equals» an option when it holds it.
  if (Array.isArray(a)) return a.includes(b)
  return (a ?? null) === b
}

function order(op: 'lt' | 'lte' | 'gt' | 'gte', a: unknown, b: TScalar): boolean {
  if (!((typeof a === 'number' && typeof b === 'number') || (typeof a === 'string' && typeof b === 'string'))) return false
  switch (op) {
    case 'lt': return a < b
    case 'lte': return a <= b
    case 'gt': return a > b
    default: return a >= b
  }
}

/**
 * Whether a condition holds. The schema bounds a condition's depth and width; a comparison
 * across types (a number with text, a missing answer with anything but `ne`) is false.
 * Dates compare as ISO text, money by amount.
 */
export function evaluateCondition(c: TCondition, scope: TScope): boolean {
  if ('all' in c) return c.all.every((x) => evaluateCondition(x, scope))
  if ('any' in c) return c.any.some((x) => evaluateCondition(x, scope))
  if ('not' in c) return !evaluateCondition(c.not, scope)
  const v = comparable(readPath(scope, c.key))
  switch (c.op) {
    case 'isEmpty':
      return isEmptyValue(v)
    case 'isOneOf':
      return Array.isArray(v) ? v.some((x) => c.values.includes(x as TScalar)) : c.values.includes((v ?? null) as TScalar)
    case 'eq':
      return equals(v, c.value)
    case 'ne':
      return !equals(v, c.value)
    default:
      return order(c.op, v, c.value)
  }
}

/** Every key a condition reads (the first part of each path), for checks before publishing. */
export function conditionKeys(c: TCondition, into: string[] = []): string[] {
  if ('all' in c) c.all.forEach((x) => conditionKeys(x, into))
  else if ('any' in c) c.any.forEach((x) => conditionKeys(x, into))
  else if ('not' in c) conditionKeys(c.not, into)
  else into.push(c.key.split('.')[0]!)
  return into
}

export interface TVisibility {
  /** Ids of the pages shown, in order. */
  pages: string[]
  /** Keys of the questions shown (pages hidden hide their questions). */
  questions: Set<string>
  /** Per repeating group shown: per item, the keys of its questions shown. */
  groupItems: Map<string, Set<string>[]>
  /** The answers with every hidden question's answer removed: what validation and printing see. */
  answers: Record<string, unknown>
}

/** The items of a group's answer, at most the hard bound (a longer list is an error, not work). */
export function groupItems(value: unknown): Record<string, unknown>[] {
  if (!Array.isArray(value)) return []
  return value.slice(0, QUESTIONNAIRE_LIMITS.maxRepeat + 1).map((item) => (item !== null && typeof item === 'object' && !Array.isArray(item) ? (item as Record<string, unknown>) : {}))
}

function groupVisibility(group: TGroupQuestion, value: unknown, scope: Record<string, unknown>): { items: Set<string>[]; answer: Record<string, unknown>[] } {
  const items: Set<string>[] = []
  const answer: Record<string, unknown>[] = []
  for (const raw of groupItems(value)) {
    const item: Record<string, unknown> = {}
    for (const q of group.questions) if (Object.hasOwn(raw, q.key)) item[q.key] = raw[q.key]
    const shown = new Set<string>()
    for (const q of group.questions) {
      // The item's own answers shadow the questionnaire's: «this party is a company».
      if (!q.condition || evaluateCondition(q.condition, { ...scope, ...item })) shown.add(q.key)
      else delete item[q.key]
    }
    items.push(shown)
    answer.push(item)
  }
  return { items, answer }
}

/**
 * What is shown for these answers. Questions are decided in document order: a condition sees
 * the answers of questions already decided (a hidden one reads as not answered), so a chain
 * «A hides B, B decides C» behaves as the person sees it.
 */
export function visibility(q: TQuestionnaire, answers: TAnswers): TVisibility {
  const scope: Record<string, unknown> = {}
  for (const page of q.pages) for (const question of page.questions) if (Object.hasOwn(answers, question.key)) scope[question.key] = answers[question.key]
  const result: TVisibility = { pages: [], questions: new Set(), groupItems: new Map(), answers: {} }
  for (const page of q.pages) {
    const pageShown = !page.condition || evaluateCondition(page.condition, scope)
    if (pageShown) result.pages.push(page.id)
    for (const question of page.questions) {
      const shown = pageShown && (!question.condition || evaluateCondition(question.condition, scope))
      if (!shown) {
        delete scope[question.key]
        continue
      }
      result.questions.add(question.key)
      if (question.type === 'group') {
        const g = groupVisibility(question, scope[question.key], scope)
        result.groupItems.set(question.key, g.items)
        if (Array.isArray(scope[question.key])) scope[question.key] = g.answer
      }
      if (Object.hasOwn(scope, question.key)) result.answers[question.key] = scope[question.key]
    }
  }
  return result
}

/** The pages the runner walks through, in order, for the answers so far. */
export function visiblePages(q: TQuestionnaire, answers: TAnswers): TQuestionnairePage[] {
  const shown = new Set(visibility(q, answers).pages)
  return q.pages.filter((p) => shown.has(p.id))
}

/** The answers a new filling starts with: every question's default. */
export function initialAnswers(q: TQuestionnaire): Record<string, unknown> {
  const answers: Record<string, unknown> = {}
  for (const page of q.pages) {
    for (const question of page.questions) {
      if (question.type === 'group') {
        if (question.minCount) answers[question.key] = Array.from({ length: question.minCount }, () => groupDefaults(question))
      } else if ('default' in question && question.default !== undefined) answers[question.key] = question.default
    }
  }
  return answers
}

/** One new item of a group, with its questions' defaults (the runner's «add»). */
export function groupDefaults(group: TGroupQuestion): Record<string, unknown> {
  const item: Record<string, unknown> = {}
  for (const q of group.questions) if ('default' in q && q.default !== undefined) item[q.key] = q.default
  return item
}

/** Answers with each question's default where the person has not answered at all. */
export function withDefaults(q: TQuestionnaire, answers: TAnswers): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const page of q.pages) {
    for (const question of page.questions) {
      if (Object.hasOwn(answers, question.key)) out[question.key] = answers[question.key]
      else if (question.type !== 'group' && 'default' in question && question.default !== undefined) out[question.key] = question.default
    }
  }
  return out
}

/**
 * The answers of declared questions only (a group's items keep their declared keys, at most
 * the hard bound of items): what a filling stores. Hidden answers are kept, so a person who
 * turns a condition off and on again finds them; validation and printing skip them anyway.
 */
export function knownAnswers(q: TQuestionnaire, answers: TAnswers): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const page of q.pages) {
    for (const question of page.questions) {
      if (!Object.hasOwn(answers, question.key)) continue
      const v = answers[question.key]
      if (question.type !== 'group' || !Array.isArray(v)) out[question.key] = v
      else {
        out[question.key] = groupItems(v).map((item) => {
          const kept: Record<string, unknown> = {}
          for (const inner of question.questions) if (Object.hasOwn(item, inner.key)) kept[inner.key] = item[inner.key]
          return kept
        })
      }
    }
  }
  return out
}

/** The currencies a money question accepts: its own list, or the region's currency. */
export function moneyCurrencies(q: { currencies?: readonly TCurrency[] }, region: TRegionCode): readonly TCurrency[] {
  return q.currencies ?? [region === 'kz' ? 'KZT' : 'RUB']
}
