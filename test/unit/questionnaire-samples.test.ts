import { describe, expect, it } from 'vitest'
import { ZQuestionnaireSchema } from '../../shared/questionnaire'
import { reviewRows } from '../../shared/questionnaire-review'
import { sampleAnswers } from '../../shared/questionnaire-samples'
import { validateAnswers } from '../../shared/questionnaire-validate'
import { resolveValues } from '../../shared/questionnaire-values'
import { BLANK } from '../../shared/template-expand'
import { renderHtml } from '../../shared/template-html'
import { leaseAnswers, leaseBody, leaseQuestionnaire } from '../helpers/lease-template'

const everyType = ZQuestionnaireSchema.parse({
  pages: [
    {
      id: 'all',
      title: { ru: 'Все' },
      questions: [
        { key: 'text', type: 'text', label: { ru: 'Текст' }, required: true, minLength: 10 },
        { key: 'long', type: 'longText', label: { ru: 'Описание' }, required: true },
        { key: 'num', type: 'number', label: { ru: 'Число' }, required: true, min: 3 },
        { key: 'sum', type: 'money', label: { ru: 'Сумма' }, required: true, max: 500 },
        { key: 'day', type: 'date', label: { ru: 'Дата' }, required: true },
        { key: 'ok', type: 'yesNo', label: { ru: 'Да?' }, required: true },
        { key: 'one', type: 'choice', label: { ru: 'Один' }, required: true, options: [{ value: 'a', label: { ru: 'А' } }] },
        { key: 'many', type: 'multiChoice', label: { ru: 'Много' }, required: true, minSelected: 2, options: [{ value: 'a', label: { ru: 'А' } }, { value: 'b', label: { ru: 'Б' } }] },
        { key: 'who', type: 'person', label: { ru: 'Лицо' }, required: true, ask: { identityNumber: true, idDocument: true, address: true } },
        { key: 'org', type: 'company', label: { ru: 'Организация' }, required: true, ask: { address: true } },
        { key: 'where', type: 'address', label: { ru: 'Адрес' }, required: true },
        { key: 'bank', type: 'bankDetails', label: { ru: 'Банк' }, required: true },
        { key: 'scan', type: 'file', label: { ru: 'Скан' }, required: true },
        { key: 'party', type: 'signingParty', label: { ru: 'Сторона' }, role: { ru: 'Покупатель' }, required: true, kinds: ['company'] },
        { key: 'rows', type: 'group', label: { ru: 'Строки' }, minCount: 3, questions: [{ key: 'x', type: 'number', label: { ru: 'X' }, required: true }] },
      ],
    },
  ],
})

describe('sampleAnswers (the editor’s preview)', () => {
  it.each(['kz', 'ru'] as const)('answers every question type validly in %s', (region) => {
    const answers = sampleAnswers(everyType, region)
    expect(validateAnswers(everyType, answers, { locale: 'ru', region }).errors).toEqual([])
    expect((answers.rows as unknown[]).length).toBe(3)
    expect(sampleAnswers(everyType, region)).toEqual(answers)
  })

  it('fills the lease preview with no blank left', () => {
    const answers = sampleAnswers(leaseQuestionnaire, 'kz')
    expect(validateAnswers(leaseQuestionnaire, answers, { locale: 'ru', region: 'kz' }).ok).toBe(true)
    const html = renderHtml(leaseBody, resolveValues(leaseQuestionnaire, answers, { region: 'kz' }), { locale: 'ru', questionnaire: leaseQuestionnaire })
    expect(html).not.toContain(BLANK)
  })
})

describe('reviewRows (the runner’s review page)', () => {
  it('lists shown questions page by page with their printed answers; hidden ones are absent', () => {
    const rows = reviewRows(leaseQuestionnaire, leaseAnswers, { locale: 'kk', region: 'kz' })
    const byKey = Object.fromEntries(rows.map((r) => [r.key, r]))
    expect(byKey.landlord).toEqual({ pageId: 'parties', key: 'landlord', label: 'Жалға беруші', text: 'Ахметов Нурлан Серикович' })
    expect(byKey.rent!.text).toBe('120\u00a0000,00 теңге')
    expect(byKey.payment!.text).toBe('ай сайын')
    expect(byKey.vatPayer!.text).toBe('иә')
    expect(byKey.items!.text).toBe('1. Стол офисный, 2, 45\u00a0000,00 теңге\n2. Кресло, 3, 30\u00a0000,00 теңге')
    expect(byKey).not.toHaveProperty('depositAmount')
    expect(byKey).not.toHaveProperty('landlordBank')
    expect(reviewRows(leaseQuestionnaire, {}, { locale: 'ru', region: 'kz' }).find((r) => r.key === 'rent')!.text).toBeNull()
  })
})
