import { describe, expect, it } from 'vitest'
import { ZQuestionnaireSchema } from '../../shared/questionnaire'
import { computeValues, resolveValues, resolveValuesWithErrors } from '../../shared/questionnaire-values'
import { leaseAnswers, leaseQuestionnaire } from '../helpers/lease-template'

const kz = { region: 'kz' } as const
const money = (amount: number, currency = 'KZT') => ({ amount, currency })

function questionnaire(computed: Array<{ key: string; expression: string; format?: string }>, extra: unknown[] = []) {
  return ZQuestionnaireSchema.parse({
    pages: [
      {
        id: 'p',
        title: { ru: 'P' },
        questions: [
          { key: 'price', type: 'money', label: { ru: 'Цена' } },
          { key: 'start', type: 'date', label: { ru: 'Начало' } },
          { key: 'days', type: 'number', label: { ru: 'Дней' } },
          ...extra,
        ],
      },
    ],
    computed,
  })
}

describe('computed fields', () => {
  it('sums over a group, per-item products, VAT 12% and a date plus days (the lease)', () => {
    const { values, errors } = computeValues(leaseQuestionnaire, leaseAnswers, kz)
    expect(errors).toEqual([])
    expect(values).toEqual({
      vat: money(1_440_000),
      rentWithVat: money(13_440_000),
      itemsTotal: money(18_000_000),
      endDate: '2026-12-31',
    })
    const all = resolveValues(leaseQuestionnaire, leaseAnswers, kz)
    expect((all.items as Array<Record<string, unknown>>).map((i) => i.lineTotal)).toEqual([money(9_000_000), money(9_000_000)])
  })

  it('no VAT when the landlord does not pay it; unanswered inputs give null, not NaN', () => {
    expect(computeValues(leaseQuestionnaire, { ...leaseAnswers, vatPayer: false }, kz).values.rentWithVat).toEqual(money(12_000_000))
    const empty = computeValues(leaseQuestionnaire, {}, kz).values
    expect(empty).toEqual({ vat: money(0), rentWithVat: null, itemsTotal: money(0), endDate: null })
  })

  it('VAT rounds half away from zero to whole tiyn; a computed money field takes the region currency', () => {
    const q = questionnaire([{ key: 'vat', expression: 'round(price * 12 / 112)', format: 'money' }])
    expect(computeValues(q, { price: money(1_000) }, kz).values.vat).toEqual(money(107)) // 107.14
    expect(computeValues(q, { price: money(1_000, 'RUB') }, { region: 'ru' }).values.vat).toEqual(money(107, 'RUB'))
  })

  it('date plus days and months across a year end', () => {
    const q = questionnaire([
      { key: 'end', expression: 'addDays(start, days)', format: 'date' },
      { key: 'next', expression: 'addMonths(start, 2)', format: 'date' },
    ])
    expect(computeValues(q, { start: '2026-12-20', days: 15 }, kz).values).toEqual({ end: '2027-01-04', next: '2027-02-20' })
  })

  it('fields computed from computed fields run in dependency order, whatever their listed order', () => {
    const q = questionnaire([
      { key: 'total', expression: 'net + vat', format: 'money' },
      { key: 'vat', expression: 'round(net * 0.12)', format: 'money' },
      { key: 'net', expression: 'price * 2', format: 'money' },
    ])
    expect(computeValues(q, { price: money(500) }, kz).values).toEqual({ total: money(1_120), vat: money(120), net: money(1_000) })
  })

  it('a cycle is refused: its fields print nothing and the cycle is reported; the others still compute', () => {
    const q = questionnaire([
      { key: 'a', expression: 'b + 1' },
      { key: 'b', expression: 'a + 1' },
      { key: 'c', expression: 'days * 2' },
    ])
    const { values, errors } = resolveValuesWithErrors(q, { days: 2 }, kz)
    expect(values).toMatchObject({ a: null, b: null, c: 4 })
    expect(errors).toEqual([{ key: 'a', code: 'cycle', detail: 'a → b → a' }])
  })

  it('an expression that does not compile or runs too long is null and reported, never thrown', () => {
    const q = questionnaire([
      { key: 'bad', expression: 'constructor.name' },
      { key: 'slow', expression: 'sum(items.x) + sum(items.x) + sum(items.x) + sum(items.x) + sum(items.x)' },
    ], [{ key: 'items', type: 'group', label: { ru: 'x' }, questions: [{ key: 'x', type: 'number', label: { ru: 'x' } }] }])
    const { values, errors } = resolveValuesWithErrors(q, { items: Array.from({ length: 200 }, () => ({ x: 1 })) }, kz)
    expect(values.bad).toBeNull()
    expect(errors.map((e) => [e.key, e.code])).toEqual([['bad', 'expression']])
    expect(values.slow).toBe(1000)
  })
})

describe('resolveValues', () => {
  it('defaults fill unanswered questions; hidden answers are dropped; parties get a name and role', () => {
    const v = resolveValues(leaseQuestionnaire, { ...leaseAnswers, depositAmount: money(5), landlordBank: { iban: 'x' } }, kz)
    expect(v.city).toBe('Алматы')
    expect(v.payment).toBe('monthly')
    expect(v).not.toHaveProperty('depositAmount')
    expect(v).not.toHaveProperty('landlordBank')
    expect(v.landlord).toMatchObject({ kind: 'person', name: 'Ахметов Нурлан Серикович', iin: '870412300416', role: { ru: 'Арендодатель', kk: 'Жалға беруші' } })
  })

  it('a company party: its name and its director’s full name', () => {
    const v = resolveValues(leaseQuestionnaire, { landlord: { kind: 'company', company: { name: 'ТОО «Ромашка»', director: { last: 'Ахметова', first: 'Жанар', middle: 'Серікқызы' } } } }, kz)
    expect(v.landlord).toMatchObject({ kind: 'company', name: 'ТОО «Ромашка»', director: { name: 'Ахметова Жанар Серікқызы' } })
  })

  it('answers from a hostile client keep no prototype tricks and no non-JSON values', () => {
    const answers = JSON.parse('{"city": {"__proto__": {"polluted": 1}, "a": 1}, "items": [{"name": "x", "quantity": 1e400}]}')
    const v = resolveValues(leaseQuestionnaire, answers, kz)
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
    expect((v.items as Array<Record<string, unknown>>)[0]!.quantity).toBeNull()
  })
})
