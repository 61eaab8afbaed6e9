import { compileExpression, ExpressionError, orderComputed, type TCompiled, type TExprValue } from './expressions'
import type { TRegionCode } from './locales'
import { fullNameIn, type TPersonName } from './person-names'
import type { TComputedField, TCurrency, TGroupQuestion, TQuestion, TQuestionnaire } from './questionnaire'
import { groupItems, isMoney, visibility, withDefaults, type TAnswers } from './questionnaire-logic'

export { withDefaults }

/**
 * From answers to the values a document prints: defaults filled in, hidden answers dropped,
 * computed fields evaluated (per item of a group first, then the questionnaire's), and a few
 * conveniences added for templates (`party.name`, a signing party's fields at its top level).
 * The same function feeds the live preview (browser) and the generated DOCX (server).
 */

export type TValue = TExprValue | undefined
export type TValues = Record<string, TValue>

export interface TComputeError {
  /** The computed field (`total`, or `items.lineTotal` for a group's). */
  key: string
  code: 'cycle' | 'expression'
  detail: string
}

export interface TValuesOptions {
  region: TRegionCode
}

const cache = new Map<string, TCompiled | ExpressionError>()
/** Compiles once per source: the preview recomputes on every keystroke. */
export function compiled(source: string): TCompiled | ExpressionError {
  let c = cache.get(source)
  if (!c) {
    try {
      c = compileExpression(source)
    } catch (e) {
      if (!(e instanceof ExpressionError)) throw e
      c = e
    }
    if (cache.size > 1000) cache.clear()
    cache.set(source, c)
  }
  return c
}

const isRecord = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v)

/** JSON-safe copy of an untrusted answer: bounded depth, own keys only, no functions. */
function json(v: unknown, depth = 0): TExprValue {
  if (v === null || v === undefined || depth > 6) return null
  if (typeof v === 'string' || typeof v === 'boolean') return v
  if (typeof v === 'number') return Number.isFinite(v) ? v : null
  if (Array.isArray(v)) return v.slice(0, 1000).map((x) => json(x, depth + 1))
  if (typeof v === 'object') {
    const out: Record<string, TExprValue> = {}
    for (const [k, x] of Object.entries(v)) if (k !== '__proto__') out[k] = json(x, depth + 1)
    return out
  }
  return null
}

function personName(p: Record<string, unknown>): string {
  const name: TPersonName = {}
  for (const part of ['last', 'first', 'middle'] as const) if (typeof p[part] === 'string') name[part] = p[part]
  return fullNameIn(name, 'nominative')
}

/** The printed form of one answer: what templates reach with `key` and `key.field`. */
type TRecord = Record<string, TExprValue>
const personValue = (p: TRecord): TRecord => ({ ...p, name: personName(p) })
const companyValue = (c: TRecord): TRecord => (isRecord(c.director) ? { ...c, director: personValue(c.director as TRecord) } : c)

function printable(q: TQuestion, v: unknown): TValue {
  const value = json(v)
  if (!isRecord(value)) return value
  switch (q.type) {
    case 'person':
      return personValue(value)
    case 'company':
      return companyValue(value)
    case 'signingParty': {
      // A party's fields at its top level, so `landlord.name` prints for either kind.
      const kind = value.kind === 'company' ? 'company' : 'person'
      const party = isRecord(value[kind]) ? (value[kind] as TRecord) : {}
      return { ...(kind === 'company' ? companyValue(party) : personValue(party)), kind, role: { ...q.role } }
    }
    default:
      return value
  }
}

/** What expressions see of a value: money as its amount (minor units), lists item by item. */
function forExpression(v: TValue): TExprValue {
  if (v === undefined) return null
  if (isMoney(v)) return v.amount
  if (Array.isArray(v)) return v.map((x) => forExpression(x))
  if (isRecord(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, forExpression(x as TValue)]))
  return v
}

function fromExpression(field: TComputedField, v: TExprValue, region: TRegionCode): TValue {
  if (v === null) return null
  switch (field.format) {
    case 'money':
      return typeof v === 'number' ? { amount: Math.round(v), currency: field.currency ?? ((region === 'kz' ? 'KZT' : 'RUB') satisfies TCurrency) } : null
    case 'number':
      return typeof v === 'number' ? v : null
    case 'date':
      return typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v) ? v : null
    case 'boolean':
      return typeof v === 'boolean' ? v : null
    case 'text':
      return typeof v === 'string' || typeof v === 'number' ? String(v) : null
    default:
      return v
  }
}

/** Evaluates computed fields into `values` (printed) and `scope` (for later expressions), in dependency order. */
function runComputed(fields: readonly TComputedField[], scope: Record<string, TExprValue>, values: TValues, region: TRegionCode, errors: TComputeError[], prefix: string): void {
  const compiledFields: { field: TComputedField; c: TCompiled }[] = []
  for (const field of fields) {
    const c = compiled(field.expression)
    if (c instanceof ExpressionError) {
      errors.push({ key: prefix + field.key, code: 'expression', detail: c.message })
      values[field.key] = null
      scope[field.key] = null
    } else compiledFields.push({ field, c })
  }
  // A cycle's fields print nothing and are reported; the fields outside it still compute.
  let pending = compiledFields
  let ordered = orderComputed(pending.map(({ field, c }) => ({ name: field.key, reads: c.reads })))
  while ('cycle' in ordered) {
    const cycle = new Set(ordered.cycle)
    errors.push({ key: prefix + ordered.cycle[0], code: 'cycle', detail: ordered.cycle.join(' → ') })
    for (const key of cycle) values[key] = scope[key] = null
    pending = pending.filter((x) => !cycle.has(x.field.key))
    ordered = orderComputed(pending.map(({ field, c }) => ({ name: field.key, reads: c.reads })))
  }
  const byKey = new Map(pending.map((x) => [x.field.key, x]))
  for (const key of ordered.order) {
    const { field, c } = byKey.get(key)!
    let v: TExprValue
    try {
      v = c.evaluate(scope)
    } catch (e) {
      if (!(e instanceof ExpressionError)) throw e
      errors.push({ key: prefix + key, code: 'expression', detail: e.message })
      v = null
    }
    const printed = fromExpression(field, v, region)
    values[key] = printed
    scope[key] = forExpression(printed)
  }
}

function resolveGroup(group: TGroupQuestion, value: unknown, top: Record<string, TExprValue>, region: TRegionCode, errors: TComputeError[]): TValues[] {
  return groupItems(value).map((raw) => {
    const item: TValues = {}
    for (const q of group.questions) if (Object.hasOwn(raw, q.key)) item[q.key] = printable(q, raw[q.key])
    if (group.computed?.length) {
      const scope: Record<string, TExprValue> = { ...top }
      for (const [k, v] of Object.entries(item)) scope[k] = forExpression(v)
      runComputed(group.computed, scope, item, region, errors, `${group.key}.`)
    }
    return item
  })
}

/**
 * Computed fields for these answers: the questionnaire's computed fields by key, and each
 * group's per item under the group's key. A field in a cycle or whose expression fails is
 * null and reported.
 */
export function computeValues(q: TQuestionnaire, answers: TAnswers, opts: TValuesOptions): { values: TValues; errors: TComputeError[] } {
  const resolved = resolveValuesWithErrors(q, answers, opts)
  const values: TValues = {}
  for (const f of q.computed ?? []) values[f.key] = resolved.values[f.key]
  return { values, errors: resolved.errors }
}

export function resolveValuesWithErrors(q: TQuestionnaire, answers: TAnswers, opts: TValuesOptions): { values: TValues; errors: TComputeError[] } {
  const shown = visibility(q, withDefaults(q, answers))
  const values: TValues = {}
  const scope: Record<string, TExprValue> = {}
  const errors: TComputeError[] = []
  const groups: TGroupQuestion[] = []
  for (const page of q.pages) {
    for (const question of page.questions) {
      if (!Object.hasOwn(shown.answers, question.key)) continue
      if (question.type === 'group') groups.push(question)
      else {
        values[question.key] = printable(question, shown.answers[question.key])
        scope[question.key] = forExpression(values[question.key])
      }
    }
  }
  // Groups after the plain answers: an item's computed field may read a questionnaire answer (a rate).
  for (const group of groups) {
    const items = resolveGroup(group, shown.answers[group.key], scope, opts.region, errors)
    values[group.key] = items as TExprValue
    scope[group.key] = forExpression(items as TExprValue)
  }
  runComputed(q.computed ?? [], scope, values, opts.region, errors, '')
  return { values, errors }
}

/** The values the document body prints for these answers (see the module's comment). */
export function resolveValues(q: TQuestionnaire, answers: TAnswers, opts: TValuesOptions): TValues {
  return resolveValuesWithErrors(q, answers, opts).values
}
