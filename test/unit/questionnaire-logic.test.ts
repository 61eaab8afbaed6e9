import { describe, expect, it } from 'vitest'
import { jsonExceeds, ZConditionSchema, ZQuestionnaireSchema, type TCondition } from '../../shared/questionnaire'
import { evaluateCondition, initialAnswers, knownAnswers, moneyCurrencies, visibility, visiblePages } from '../../shared/questionnaire-logic'
import { leaseQuestionnaire } from '../helpers/lease-template'

const scope = {
  kind: 'company',
  count: 5,
  rent: { amount: 12_000_000, currency: 'KZT' },
  start: '2026-12-01',
  extras: ['parking', 'cleaning'],
  empty: '  ',
  party: { kind: 'person', person: { last: 'Ахметов' } },
}
const holds = (c: TCondition) => evaluateCondition(ZConditionSchema.parse(c), scope)

describe('conditions', () => {
  it('compare with =, ≠, <, ≤, >, ≥ (numbers, money by amount, ISO dates as text)', () => {
    expect(holds({ key: 'kind', op: 'eq', value: 'company' })).toBe(true)
    expect(holds({ key: 'kind', op: 'ne', value: 'company' })).toBe(false)
    expect(holds({ key: 'count', op: 'lt', value: 6 })).toBe(true)
    expect(holds({ key: 'count', op: 'lte', value: 5 })).toBe(true)
    expect(holds({ key: 'count', op: 'gt', value: 5 })).toBe(false)
    expect(holds({ key: 'count', op: 'gte', value: 5 })).toBe(true)
    expect(holds({ key: 'rent', op: 'gt', value: 10_000_000 })).toBe(true)
    expect(holds({ key: 'start', op: 'gte', value: '2026-11-30' })).toBe(true)
    expect(holds({ key: 'start', op: 'lt', value: '2026-12-01' })).toBe(false)
  })

  it('a comparison across types or with a missing answer is false (≠ is true)', () => {
    expect(holds({ key: 'count', op: 'gt', value: '4' })).toBe(false)
    expect(holds({ key: 'missing', op: 'lt', value: 1 })).toBe(false)
    expect(holds({ key: 'missing', op: 'eq', value: null })).toBe(true)
    expect(holds({ key: 'missing', op: 'ne', value: 'x' })).toBe(true)
  })

  it('isOneOf, isEmpty, multiple choice and paths into composite answers', () => {
    expect(holds({ key: 'kind', op: 'isOneOf', values: ['ip', 'company'] })).toBe(true)
    expect(holds({ key: 'kind', op: 'isOneOf', values: ['ip', 'too'] })).toBe(false)
    expect(holds({ key: 'extras', op: 'isOneOf', values: ['parking'] })).toBe(true)
    expect(holds({ key: 'extras', op: 'eq', value: 'cleaning' })).toBe(true)
    expect(holds({ key: 'empty', op: 'isEmpty' })).toBe(true)
    expect(holds({ key: 'missing', op: 'isEmpty' })).toBe(true)
    expect(holds({ key: 'extras', op: 'isEmpty' })).toBe(false)
    expect(holds({ key: 'party.kind', op: 'eq', value: 'person' })).toBe(true)
    expect(holds({ key: 'party.person.last', op: 'eq', value: 'Ахметов' })).toBe(true)
  })

  it('all / any / not combine', () => {
    const big = { key: 'count', op: 'gt', value: 3 } as const
    const ru = { key: 'kind', op: 'eq', value: 'ip' } as const
    expect(holds({ all: [big, ru] })).toBe(false)
    expect(holds({ any: [big, ru] })).toBe(true)
    expect(holds({ not: { all: [big, ru] } })).toBe(true)
    expect(holds({ all: [big, { not: ru }, { any: [ru, { key: 'extras', op: 'isOneOf', values: ['cleaning'] }] }] })).toBe(true)
  })

  it('never reads the prototype: a path through __proto__ or constructor is refused or empty', () => {
    expect(ZConditionSchema.safeParse({ key: '__proto__.polluted', op: 'isEmpty' }).success).toBe(false)
    expect(evaluateCondition({ key: 'party.constructor', op: 'isEmpty' }, scope)).toBe(true)
    expect(evaluateCondition({ key: 'toString', op: 'isEmpty' }, scope)).toBe(true)
  })
})

describe('visibility', () => {
  it('a page shown by a condition on a signing party, a question by a yes/no', () => {
    const person = { landlord: { kind: 'person', person: {} }, deposit: false }
    expect(visiblePages(leaseQuestionnaire, person).map((p) => p.id)).toEqual(['parties', 'terms', 'items'])
    expect(visiblePages(leaseQuestionnaire, { ...person, landlord: { kind: 'company' } }).map((p) => p.id)).toContain('bank')
    expect(visibility(leaseQuestionnaire, person).questions.has('depositAmount')).toBe(false)
    expect(visibility(leaseQuestionnaire, { deposit: true }).questions.has('depositAmount')).toBe(true)
  })

  it('a chain «A hides B, B decides C» sees B as unanswered once B is hidden, and drops hidden answers', () => {
    const q = ZQuestionnaireSchema.parse({
      pages: [
        {
          id: 'p',
          title: { ru: 'P' },
          questions: [
            { key: 'a', type: 'yesNo', label: { ru: 'A' } },
            { key: 'b', type: 'yesNo', label: { ru: 'B' }, condition: { key: 'a', op: 'eq', value: true } },
            { key: 'c', type: 'text', label: { ru: 'C' }, condition: { key: 'b', op: 'eq', value: true } },
          ],
        },
      ],
    })
    const v = visibility(q, { a: false, b: true, c: 'x' })
    expect([...v.questions]).toEqual(['a'])
    expect(v.answers).toEqual({ a: false })
    expect([...visibility(q, { a: true, b: true }).questions]).toEqual(['a', 'b', 'c'])
  })

  it('conditions inside a group read the same item first', () => {
    const q = ZQuestionnaireSchema.parse({
      pages: [
        {
          id: 'p',
          title: { ru: 'P' },
          questions: [
            {
              key: 'parties',
              type: 'group',
              label: { ru: 'Стороны' },
              questions: [
                { key: 'kind', type: 'choice', label: { ru: 'Вид' }, options: [{ value: 'person', label: { ru: 'ФЛ' } }, { value: 'company', label: { ru: 'ЮЛ' } }] },
                { key: 'bin', type: 'text', label: { ru: 'БИН' }, condition: { key: 'kind', op: 'eq', value: 'company' } },
              ],
            },
          ],
        },
      ],
    })
    const v = visibility(q, { parties: [{ kind: 'person', bin: 'x' }, { kind: 'company', bin: 'y' }] })
    expect(v.groupItems.get('parties')!.map((s) => [...s])).toEqual([['kind'], ['kind', 'bin']])
    expect(v.answers.parties).toEqual([{ kind: 'person' }, { kind: 'company', bin: 'y' }])
  })

  it('what a filling stores: declared keys only, hidden answers kept, items bounded', () => {
    const stored = knownAnswers(leaseQuestionnaire, { city: 'Астана', junk: 1, deposit: false, depositAmount: { amount: 1, currency: 'KZT' }, items: [{ name: 'Стол', evil: 1 }, 7] })
    expect(stored).toEqual({ city: 'Астана', deposit: false, depositAmount: { amount: 1, currency: 'KZT' }, items: [{ name: 'Стол' }, {}] })
    expect((knownAnswers(leaseQuestionnaire, { items: Array.from({ length: 10_000 }, () => ({})) }).items as unknown[]).length).toBe(201)
    expect(moneyCurrencies({}, 'ru')).toEqual(['RUB'])
  })

  it('a new filling starts from the defaults', () => {
    expect(initialAnswers(leaseQuestionnaire)).toEqual({ city: 'Алматы', vatPayer: false, deposit: false, payment: 'monthly' })
  })
})

describe('hostile questionnaires', () => {
  it('deep nesting is refused before the recursive schema runs (no stack overflow)', () => {
    let c: unknown = { key: 'a', op: 'isEmpty' }
    for (let i = 0; i < 100_000; i++) c = { not: c }
    const q = { pages: [{ id: 'p', title: { ru: 'P' }, condition: c, questions: [] }] }
    const r = ZQuestionnaireSchema.safeParse(q)
    expect(r.success).toBe(false)
    expect(jsonExceeds(c, 48)).toBe(true)
    let arrays: unknown = []
    for (let i = 0; i < 200_000; i++) arrays = [arrays]
    expect(jsonExceeds(arrays, 1000)).toBe(true)
  })

  it('a questionnaire too large, a key that reaches the prototype, a group allowing too many items: refused', () => {
    const wide = { pages: [{ id: 'p', title: { ru: 'P' }, questions: Array.from({ length: 101 }, (_, i) => ({ key: `q${i}`, type: 'text', label: { ru: 'x' } })) }] }
    expect(ZQuestionnaireSchema.safeParse(wide).success).toBe(false)
    const proto = { pages: [{ id: 'p', title: { ru: 'P' }, questions: [{ key: 'constructor', type: 'text', label: { ru: 'x' } }] }] }
    expect(ZQuestionnaireSchema.safeParse(proto).success).toBe(false)
    const huge = { pages: [{ id: 'p', title: { ru: 'P' }, questions: [{ key: 'g', type: 'group', label: { ru: 'x' }, maxCount: 1_000_000, questions: [{ key: 'a', type: 'text', label: { ru: 'a' } }] }] }] }
    expect(ZQuestionnaireSchema.safeParse(huge).success).toBe(false)
  })
})
