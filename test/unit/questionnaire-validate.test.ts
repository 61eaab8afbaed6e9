import { describe, expect, it } from 'vitest'
import { ZQuestionnaireSchema } from '../../shared/questionnaire'
import { validateAnswers, validatePage } from '../../shared/questionnaire-validate'
import { KZ, leaseAnswers, leaseQuestionnaire } from '../helpers/lease-template'

const kz = { locale: 'ru', region: 'kz' } as const
const errorsOf = (answers: Record<string, unknown>, opts: Parameters<typeof validateAnswers>[2] = kz) =>
  validateAnswers(leaseQuestionnaire, answers, opts).errors.map((e) => `${e.path}:${e.code}`)

describe('validateAnswers', () => {
  it('a complete lease passes', () => {
    expect(validateAnswers(leaseQuestionnaire, leaseAnswers, kz)).toEqual({ ok: true, errors: [] })
  })

  it('required answers: the paths of the fields left empty; a default (city) counts as answered', () => {
    expect(errorsOf({})).toEqual([
      'landlord:required',
      'tenant:required',
      'premisesAddress:required',
      'startDate:required',
      'termDays:required',
      'rent:required',
    ])
  })

  it('IIN, BIN and IBAN checksums, with paths into the composite answer', () => {
    const answers = {
      ...leaseAnswers,
      landlord: { kind: 'company', company: { name: 'ТОО «Ромашка»', bin: '050140005122', director: { last: 'Ахметов', first: 'Нурлан' } } },
      tenant: { kind: 'person', person: { last: 'Петрова', first: 'Анна', iin: '870412300417' } },
      landlordBank: { bankName: 'Kaspi', iban: 'KZ86125KZT5004100101', bic: 'KCJB' },
    }
    expect(errorsOf(answers)).toEqual(['landlord.company.bin:bin', 'tenant.person.iin:iin', 'landlordBank.iban:iban', 'landlordBank.bic:bic'])
    const fixed = { ...answers, landlord: { kind: 'company', company: { name: 'ТОО', bin: KZ.bin } }, tenant: leaseAnswers.tenant, landlordBank: { bankName: 'Kaspi', iban: 'kz86 125K ZT50 0410 0100', bic: KZ.bic } }
    expect(errorsOf(fixed)).toEqual([])
  })

  it('hidden questions are not validated: the bank page of a person landlord, the deposit when not agreed', () => {
    const answers = { ...leaseAnswers, landlordBank: { iban: 'junk' }, depositAmount: 'junk' }
    expect(errorsOf(answers)).toEqual([])
    expect(errorsOf({ ...answers, deposit: true })).toEqual(['depositAmount:type'])
    expect(errorsOf({ ...answers, landlord: { kind: 'company', company: { name: 'ТОО', bin: KZ.bin } } })).toEqual([
      'landlordBank.bankName:required',
      'landlordBank.bic:required',
      'landlordBank.iban:iban',
    ])
  })

  it('repeating groups: min/max counts, errors at `items.<n>.<key>`', () => {
    const item = (over: Record<string, unknown>) => ({ name: 'Стол', quantity: 1, price: { amount: 100, currency: 'KZT' }, ...over })
    expect(errorsOf({ ...leaseAnswers, items: [item({}), item({ name: '' }), item({ quantity: 1.5, price: { amount: -1, currency: 'KZT' } })] })).toEqual([
      'items.1.name:required',
      'items.2.quantity:integer',
      'items.2.price.amount:type',
    ])
    expect(errorsOf({ ...leaseAnswers, items: Array.from({ length: 21 }, () => item({})) })).toEqual(['items:maxCount'])
    const q = ZQuestionnaireSchema.parse({
      pages: [{ id: 'p', title: { ru: 'P' }, questions: [{ key: 'g', type: 'group', label: { ru: 'G' }, minCount: 2, questions: [{ key: 'a', type: 'text', label: { ru: 'A' } }] }] }],
    })
    expect(validateAnswers(q, { g: [{ a: 'x' }] }, kz).errors.map((e) => [e.path, e.code, e.params])).toEqual([['g', 'minCount', { min: 2 }]])
  })

  it('a huge repeat count is refused at once, without validating its items', () => {
    const items = Array.from({ length: 200_000 }, () => ({ name: 5 }))
    const started = performance.now()
    expect(errorsOf({ ...leaseAnswers, items })).toEqual(['items:maxCount'])
    expect(performance.now() - started).toBeLessThan(500)
  })

  it('wrong shapes and values from a hostile client: type errors, not crashes', () => {
    expect(errorsOf({ ...leaseAnswers, rent: 'a lot', termDays: '30', startDate: '2026-02-30', payment: 'weekly', vatPayer: 'yes', city: { x: 1 } })).toEqual([
      'city:type',
      'startDate:date',
      'termDays:type',
      'rent:type',
      'vatPayer:type',
      'payment:option',
    ])
    expect(errorsOf({ ...leaseAnswers, rent: { amount: 100, currency: 'RUB' }, termDays: 5000, items: 'x' })).toEqual(['termDays:max', 'rent.currency:currency', 'items:type'])
    expect(errorsOf({ ...leaseAnswers, landlord: { kind: 'alien' }, tenant: { kind: 'person', person: { last: 'x'.repeat(600), first: 'A' } } })).toEqual([
      'landlord.kind:kind',
      'tenant.person.last:maxLength',
      'tenant.person.iin:required',
    ])
  })

  it('partial (autosave) skips «required» but still refuses wrong values', () => {
    expect(errorsOf({}, { ...kz, partial: true })).toEqual([])
    expect(errorsOf({ tenant: { kind: 'person', person: { iin: '123' } } }, { ...kz, partial: true })).toEqual(['tenant.person.iin:iin'])
  })

  it('messages: a key for the page and the text in the asked language with its params', () => {
    const [e] = validateAnswers(leaseQuestionnaire, { ...leaseAnswers, termDays: 0 }, { locale: 'kk', region: 'kz' }).errors
    expect(e).toEqual({ path: 'termDays', code: 'min', message: 'questionnaire.errors.min', text: 'Кемінде 1', params: { min: 1 } })
    const [iin] = validateAnswers(leaseQuestionnaire, { ...leaseAnswers, tenant: { kind: 'person', person: { last: 'A', first: 'B', iin: '1' } } }, { locale: 'en', region: 'kz' }).errors
    expect(iin!.text).toBe('The IIN is not valid: check the 12 digits')
  })

  it('the ru region checks INN, BIK and the accounts against the BIK', () => {
    const q = ZQuestionnaireSchema.parse({
      pages: [
        {
          id: 'p',
          title: { ru: 'P' },
          questions: [
            { key: 'who', type: 'company', label: { ru: 'Компания' }, required: true },
            { key: 'bank', type: 'bankDetails', label: { ru: 'Банк' }, required: true },
          ],
        },
      ],
    })
    const ru = { locale: 'ru', region: 'ru' } as const
    const answers = { who: { name: 'ООО', inn: '7707083893', ogrn: '1027700132195' }, bank: { bankName: 'Сбербанк', bik: '044525225', account: '40702810000000000000', corrAccount: '30101810400000000225' } }
    expect(validateAnswers(q, answers, ru).errors.map((e) => `${e.path}:${e.code}`)).toEqual(['bank.account:account'])
    // The key digit (9th) computed over the BIK's last three digits and the account, weights 7-1-3.
    expect(validateAnswers(q, { ...answers, bank: { ...answers.bank, account: '4070 2810 6380 0000 0123' } }, ru).ok).toBe(true)
    expect(validateAnswers(q, { ...answers, who: { name: 'ООО', inn: '7707083893' } }, ru).errors.map((e) => `${e.path}:${e.code}`)).toEqual(['who.ogrn:required', 'bank.account:account'])
    expect(validateAnswers(q, { ...answers, who: { name: 'ООО', inn: '7707083894', ogrn: '1027700132196' } }, ru).errors.map((e) => `${e.path}:${e.code}`)).toEqual([
      'who.inn:inn',
      'who.ogrn:ogrn',
      'bank.account:account',
    ])
  })

  it('validatePage keeps the errors of one page (the runner’s «next»)', () => {
    expect(validatePage(leaseQuestionnaire, {}, 'parties', kz).errors.map((e) => e.path)).toEqual(['landlord', 'tenant'])
  })

  it('a text pattern is applied whole; a backtracking pattern is never run', () => {
    const q = ZQuestionnaireSchema.parse({
      pages: [
        {
          id: 'p',
          title: { ru: 'P' },
          questions: [
            { key: 'code', type: 'text', label: { ru: 'Код' }, pattern: '[A-Z]{3}' },
            { key: 'evil', type: 'text', label: { ru: 'x' }, pattern: '(a+)+b' },
          ],
        },
      ],
    })
    expect(validateAnswers(q, { code: 'ABCD' }, kz).errors.map((e) => e.code)).toEqual(['pattern'])
    expect(validateAnswers(q, { code: 'ABC' }, kz).ok).toBe(true)
    const started = performance.now()
    expect(validateAnswers(q, { evil: `${'a'.repeat(40)}c` }, kz).ok).toBe(true)
    expect(performance.now() - started).toBeLessThan(200)
  })
})
