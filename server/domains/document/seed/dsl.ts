import type { TRegionCode } from '../../../../shared/locales'
import type { TCondition, TCurrency, TLocalizedText, TQuestionnaire } from '../../../../shared/questionnaire'
import type { TBlock, TFieldFormat, TInline, TListItem, TTemplateBody } from '../../../../shared/template-body'

/**
 * A small vocabulary for writing the demo templates as data: the same JSON the editor saves,
 * only shorter to read. One definition serves both regions: in kz a template is bilingual
 * (Russian and Kazakh columns side by side), in ru the Russian column alone is the document,
 * money is in roubles and people and companies carry INN/OGRN instead of IIN/BIN.
 */

export interface TSeedTemplate {
  /** Stable name of the template in code and tests. */
  key: 'employment' | 'lease' | 'services' | 'powerOfAttorney' | 'receipt'
  /** The catalog description the template fills (its Russian slug, as in content's seed data). */
  descriptionSlug: string
  title: TLocalizedText
  bilingual: boolean
  questionnaire: TQuestionnaire
  body: TTemplateBody
  /** Answers a person could give (valid for the region): tests render them. */
  sampleAnswers: Record<string, unknown>
  /** What the document of `sampleAnswers` prints, and a hidden clause's text it must not print. */
  expect: { present: string[]; absent: string[] }
}

export type TText = readonly [ru: string, kk: string]

export class Writer {
  readonly kz: boolean
  readonly currency: TCurrency
  constructor(readonly region: TRegionCode) {
    this.kz = region === 'kz'
    this.currency = this.kz ? 'KZT' : 'RUB'
  }

  /** A label: Russian and Kazakh in kz, Russian in ru. */
  L = ([ru, kk]: TText): TLocalizedText => (this.kz ? { ru, kk } : { ru })

  /** The Russian and Kazakh text of one passage: side by side in kz, the Russian alone in ru. */
  both = (ru: TBlock[], kk: TBlock[]): TBlock[] =>
    this.kz
      ? [{ type: 'bilingual', content: [{ type: 'bilingualColumn', attrs: { lang: 'ru' }, content: ru }, { type: 'bilingualColumn', attrs: { lang: 'kk' }, content: kk }] }]
      : ru

  /** A person's identity number's key and name: IIN in kz, INN in ru. */
  personId = (): { key: string; ru: string; kk: string } => (this.kz ? { key: 'iin', ru: 'ИИН', kk: 'ЖСН' } : { key: 'inn', ru: 'ИНН', kk: 'ЖСН' })

  /** The lines that identify a signing party of either kind (its number, its director). */
  partyDetails = (party: string, lang: 'ru' | 'kk'): TBlock[] => {
    const person = this.personId()
    const isCompany: TCondition = { key: `${party}.kind`, op: 'eq', value: 'company' }
    const companyIds = this.kz
      ? [p(t(lang === 'ru' ? 'БИН: ' : 'БСН: '), f(`${party}.bin`))]
      : [p(t('ИНН: '), f(`${party}.inn`), t(', ОГРН: '), f(`${party}.ogrn`))]
    return [
      clause({ not: isCompany }, p(t(`${person[lang]}: `), f(`${party}.${person.key}`))),
      clause(isCompany, ...companyIds, p(t(lang === 'ru' ? 'Руководитель: ' : 'Басшы: '), f(`${party}.director`))),
    ]
  }

  /** Sample identity numbers with valid checksums for the region. */
  get ids() {
    return this.kz
      ? { person1: { iin: '870412300416' }, person2: { iin: '900101300811' }, company: { bin: '050140005121' } }
      : { person1: { inn: '500100732259' }, person2: { inn: '500100732259' }, company: { inn: '7707083893', ogrn: '1027700132195' } }
  }

  money = (rubles: number) => ({ amount: rubles * 100, currency: this.currency })
  /** «тенге» / «руб.» as a figure's unit in running text. */
  unit = (lang: 'ru' | 'kk') => (this.kz ? (lang === 'ru' ? 'тенге' : 'теңге') : 'руб.')
}

export const t = (text: string, marks?: Array<'bold' | 'italic' | 'underline'>): TInline => ({ type: 'text', text, ...(marks ? { marks: marks.map((type) => ({ type })) } : {}) })
export const b = (text: string): TInline => t(text, ['bold'])
export const f = (key: string, format?: TFieldFormat): TInline => ({ type: 'field', attrs: { key, ...(format ? { format } : {}) } })
export const p = (...content: TInline[]): TBlock => ({ type: 'paragraph', content })
export const center = (...content: TInline[]): TBlock => ({ type: 'paragraph', attrs: { textAlign: 'center' }, content })
export const h = (text: string, level: 1 | 2 | 3 = 1): TBlock => ({ type: 'heading', attrs: { level, textAlign: 'center' }, content: [t(text)] })
export const li = (...content: TInline[]): TListItem => ({ type: 'listItem', content: [p(...content)] })
/** A numbered point that exists only when the condition holds (the numbering stays right). */
export const liIf = (condition: TCondition, ...content: TInline[]): TListItem => ({ type: 'listItem', attrs: { condition }, content: [p(...content)] })
export const ol = (...items: TListItem[]): TBlock => ({ type: 'orderedList', content: items })
export const clause = (condition: TCondition, ...content: TBlock[]): TBlock => ({ type: 'clause', attrs: { condition }, content })
export const repeat = (group: string, ...content: TBlock[]): TBlock => ({ type: 'repeat', attrs: { group }, content })
export const isTrue = (key: string): TCondition => ({ key, op: 'eq', value: true })
export const isNot = (key: string): TCondition => ({ not: { key, op: 'eq', value: true } })
export const is = (key: string, value: string): TCondition => ({ key, op: 'eq', value })

type TCell = { type: 'tableCell' | 'tableHeader'; attrs?: { colspan?: number }; content: TBlock[] }
export const cell = (...content: TInline[]): TCell => ({ type: 'tableCell', content: [p(...content)] })
export const head = (text: string): TCell => ({ type: 'tableHeader', content: [p(b(text))] })
export const row = (cells: TCell[], repeatOver?: string): TBlock extends never ? never : { type: 'tableRow'; attrs?: { repeat?: string }; content: TCell[] } =>
  ({ type: 'tableRow', ...(repeatOver ? { attrs: { repeat: repeatOver } } : {}), content: cells })
export const table = (...rows: ReturnType<typeof row>[]): TBlock => ({ type: 'table', content: rows })

export const doc = (...parts: Array<TBlock | TBlock[]>): TTemplateBody => ({ type: 'doc', content: parts.flat() })
