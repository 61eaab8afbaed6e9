import type { TRegionCode } from './locales'
import { QUESTIONNAIRE_LIMITS, type TQuestionnaire, type TSimpleQuestion } from './questionnaire'
import { moneyCurrencies } from './questionnaire-logic'

/**
 * Sample answers for the editor's preview: every question answered with a plausible value that
 * passes validation (checksums included), so the lawyer sees the document filled in while
 * writing it. Deterministic: the same questionnaire gives the same sample.
 */

const SAMPLE = {
  kz: { iin: '870412300416', bin: '050140005121', bank: { bankName: 'АО «Kaspi Bank»', iban: 'KZ86125KZT5004100100', bic: 'CASPKZKA' } },
  ru: { inn: '500100732259', companyInn: '7707083893', ogrn: '1027700132195', bank: { bankName: 'ПАО Сбербанк', account: '40702810638000000123', bik: '044525225', corrAccount: '30101810400000000225' } },
} as const

const person = (region: TRegionCode) => ({
  last: 'Иванов',
  first: 'Иван',
  middle: 'Иванович',
  ...(region === 'kz' ? { iin: SAMPLE.kz.iin } : { inn: SAMPLE.ru.inn }),
  idDocument: { kind: 'passport', number: 'N12345678', issuedBy: 'МВД', issuedOn: '2020-01-15' },
  address: { city: 'Алматы', line: 'ул. Примерная, 1, кв. 2' },
})
const company = (region: TRegionCode) => ({
  name: region === 'kz' ? 'ТОО «Пример»' : 'ООО «Пример»',
  ...(region === 'kz' ? { bin: SAMPLE.kz.bin } : { inn: SAMPLE.ru.companyInn, ogrn: SAMPLE.ru.ogrn }),
  director: { last: 'Петрова', first: 'Анна', middle: 'Сергеевна' },
  directorPosition: 'директор',
  basis: 'Устава',
  address: { city: region === 'kz' ? 'Астана' : 'Москва', line: 'пр. Примерный, 10' },
})

function sample(q: TSimpleQuestion, region: TRegionCode): unknown {
  if ('default' in q && q.default !== undefined) return q.default
  switch (q.type) {
    case 'text':
      // A pattern says what the value looks like; no sample can guess it, so it stays empty.
      return q.pattern ? undefined : q.label.ru.slice(0, q.maxLength ?? 500).padEnd(q.minLength ?? 0, '…')
    case 'longText':
      return q.label.ru.padEnd(q.minLength ?? 0, '…')
    case 'number':
      return q.min ?? 1
    case 'money':
      return { amount: Math.max(q.min ?? 0, Math.min(q.max ?? Number.MAX_SAFE_INTEGER, 10_000_000)), currency: moneyCurrencies(q, region)[0] }
    case 'date':
      return q.min ?? '2026-01-15'
    case 'yesNo':
      return true
    case 'choice':
      return q.options[0]!.value
    case 'multiChoice':
      return q.options.slice(0, Math.max(1, q.minSelected ?? 1)).map((o) => o.value)
    case 'person':
      return person(region)
    case 'company':
      return company(region)
    case 'address':
      return { city: 'Алматы', line: 'ул. Абая, 1' }
    case 'bankDetails':
      return { ...SAMPLE[region].bank }
    case 'file':
      return 'sample-file'
    case 'signingParty':
      return (q.kinds ?? ['person'])[0] === 'company' ? { kind: 'company', company: company(region) } : { kind: 'person', person: person(region) }
  }
}

/** A complete, valid set of answers for previews (two items per repeating group, or its minimum). */
export function sampleAnswers(q: TQuestionnaire, region: TRegionCode): Record<string, unknown> {
  const answers: Record<string, unknown> = {}
  for (const page of q.pages) {
    for (const question of page.questions) {
      if (question.type === 'group') {
        const count = Math.min(question.maxCount ?? QUESTIONNAIRE_LIMITS.maxRepeat, Math.max(question.minCount ?? 0, 2))
        answers[question.key] = Array.from({ length: count }, () => Object.fromEntries(question.questions.map((x) => [x.key, sample(x, region)]).filter(([, v]) => v !== undefined)))
      } else {
        const v = sample(question, region)
        if (v !== undefined) answers[question.key] = v
      }
    }
  }
  return answers
}
