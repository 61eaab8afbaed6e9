import { ZQuestionnaireSchema, type TQuestionnaire } from '../../shared/questionnaire'
import { ZTemplateBodySchema, type TBlock, type TInline, type TTemplateBody } from '../../shared/template-body'

/**
 * A realistic Kazakh lease of premises, bilingual ru/kk: two signing parties, a deposit clause
 * shown only when agreed, handed-over items as a table row repeated per item, VAT and totals
 * computed and printed in words. Built with the shared schemas, so a shape the schema refuses
 * fails here first. Unit and integration tests of the document engine share it.
 */

const t = (text: string, marks?: Array<'bold' | 'italic' | 'underline'>): TInline => ({ type: 'text', text, ...(marks ? { marks: marks.map((type) => ({ type })) } : {}) })
const f = (key: string, format?: string, lang?: 'ru' | 'kk'): TInline => ({ type: 'field', attrs: { key, ...(format ? { format } : {}), ...(lang ? { lang } : {}) } }) as TInline
const p = (...content: TInline[]): TBlock => ({ type: 'paragraph', content })
const cell = (...content: TInline[]) => ({ type: 'tableCell' as const, content: [p(...content)] })
const head = (text: string) => ({ type: 'tableHeader' as const, content: [p(t(text))] })
const both = (ru: TBlock[], kk: TBlock[]): TBlock => ({ type: 'bilingual', content: [{ type: 'bilingualColumn', attrs: { lang: 'ru' }, content: ru }, { type: 'bilingualColumn', attrs: { lang: 'kk' }, content: kk }] })

export const leaseQuestionnaire: TQuestionnaire = ZQuestionnaireSchema.parse({
  pages: [
    {
      id: 'parties',
      title: { ru: 'Стороны', kk: 'Тараптар' },
      questions: [
        { key: 'landlord', type: 'signingParty', label: { ru: 'Арендодатель', kk: 'Жалға беруші' }, role: { ru: 'Арендодатель', kk: 'Жалға беруші' }, required: true, ask: { identityNumber: true } },
        { key: 'tenant', type: 'signingParty', label: { ru: 'Арендатор', kk: 'Жалға алушы' }, role: { ru: 'Арендатор', kk: 'Жалға алушы' }, required: true, ask: { identityNumber: true } },
      ],
    },
    {
      id: 'terms',
      title: { ru: 'Условия', kk: 'Шарттар' },
      questions: [
        { key: 'city', type: 'text', label: { ru: 'Город', kk: 'Қала' }, required: true, default: 'Алматы' },
        { key: 'premisesAddress', type: 'address', label: { ru: 'Адрес помещения', kk: 'Үй-жайдың мекенжайы' }, required: true },
        { key: 'startDate', type: 'date', label: { ru: 'Начало аренды', kk: 'Жалдаудың басталуы' }, required: true },
        { key: 'termDays', type: 'number', label: { ru: 'Срок, дней', kk: 'Мерзімі, күн' }, required: true, integer: true, min: 1, max: 3650 },
        { key: 'rent', type: 'money', label: { ru: 'Арендная плата в месяц', kk: 'Айлық жалдау ақысы' }, required: true, currencies: ['KZT'] },
        { key: 'vatPayer', type: 'yesNo', label: { ru: 'Арендодатель — плательщик НДС', kk: 'Жалға беруші ҚҚС төлеушісі' }, default: false },
        { key: 'deposit', type: 'yesNo', label: { ru: 'Обеспечительный платёж', kk: 'Кепілдік төлем' }, default: false },
        { key: 'depositAmount', type: 'money', label: { ru: 'Сумма платежа', kk: 'Төлем сомасы' }, required: true, condition: { key: 'deposit', op: 'eq', value: true } },
        {
          key: 'payment',
          type: 'choice',
          label: { ru: 'Порядок оплаты', kk: 'Төлеу тәртібі' },
          options: [
            { value: 'monthly', label: { ru: 'ежемесячно', kk: 'ай сайын' } },
            { value: 'quarterly', label: { ru: 'ежеквартально', kk: 'тоқсан сайын' } },
          ],
          default: 'monthly',
        },
      ],
    },
    {
      id: 'items',
      title: { ru: 'Имущество', kk: 'Мүлік' },
      questions: [
        {
          key: 'items',
          type: 'group',
          label: { ru: 'Передаваемое имущество', kk: 'Берілетін мүлік' },
          minCount: 0,
          maxCount: 20,
          questions: [
            { key: 'name', type: 'text', label: { ru: 'Наименование', kk: 'Атауы' }, required: true },
            { key: 'quantity', type: 'number', label: { ru: 'Количество', kk: 'Саны' }, required: true, integer: true, min: 1 },
            { key: 'price', type: 'money', label: { ru: 'Стоимость', kk: 'Құны' }, required: true },
          ],
          computed: [{ key: 'lineTotal', expression: 'quantity * price', format: 'money' }],
        },
      ],
    },
    {
      id: 'bank',
      title: { ru: 'Реквизиты', kk: 'Деректемелер' },
      condition: { key: 'landlord.kind', op: 'eq', value: 'company' },
      questions: [{ key: 'landlordBank', type: 'bankDetails', label: { ru: 'Банк арендодателя', kk: 'Жалға берушінің банкі' }, required: true }],
    },
  ],
  computed: [
    { key: 'vat', expression: 'vatPayer ? round(rent * 12 / 100) : 0', format: 'money' },
    { key: 'rentWithVat', expression: 'rent + vat', format: 'money' },
    { key: 'itemsTotal', expression: 'sum(items.lineTotal)', format: 'money' },
    { key: 'endDate', expression: 'addDays(startDate, termDays)', format: 'date' },
  ],
})

export const leaseBody: TTemplateBody = ZTemplateBodySchema.parse({
  type: 'doc',
  content: [
    both(
      [{ type: 'heading', attrs: { level: 1 }, content: [t('ДОГОВОР АРЕНДЫ НЕЖИЛОГО ПОМЕЩЕНИЯ')] }, p(t('г. '), f('city'), t(', '), f('startDate', 'dateWords'))],
      [{ type: 'heading', attrs: { level: 1 }, content: [t('ТҰРҒЫН ЕМЕС ҮЙ-ЖАЙДЫ ЖАЛҒА БЕРУ ШАРТЫ')] }, p(f('city'), t(' қ., '), f('startDate', 'dateWords'))],
    ),
    both(
      [
        p(f('landlord.name', undefined), t(', именуемый в дальнейшем «Арендодатель», и '), f('tenant.name'), t(', именуемый в дальнейшем «Арендатор», заключили настоящий договор:')),
        {
          type: 'orderedList',
          content: [
            { type: 'listItem', content: [p(t('Арендодатель передаёт во временное пользование помещение по адресу: '), f('premisesAddress'), t('.'))] },
            { type: 'listItem', content: [p(t('Срок аренды: с '), f('startDate'), t(' по '), f('endDate'), t('.'))] },
            { type: 'listItem', content: [p(t('Арендная плата: '), f('rentWithVat', 'amountFull'), t(', вносится '), f('payment'), t('.'))] },
            { type: 'listItem', attrs: { condition: { key: 'vatPayer', op: 'eq', value: true } }, content: [p(t('В том числе НДС 12%: '), f('vat', 'figures'), t(' тенге.'))] },
          ],
        },
        { type: 'clause', attrs: { condition: { key: 'deposit', op: 'eq', value: true } }, content: [p(t('Арендатор вносит обеспечительный платёж '), f('depositAmount', 'amountFull'), t('.'))] },
        { type: 'clause', attrs: { condition: { not: { key: 'deposit', op: 'eq', value: true } } }, content: [p(t('Обеспечительный платёж не предусмотрен.'))] },
      ],
      [
        p(t('«Жалға беруші» деп аталатын '), f('landlord.name'), t(' және «Жалға алушы» деп аталатын '), f('tenant.name'), t(' осы шартты жасасты:')),
        {
          type: 'orderedList',
          content: [
            { type: 'listItem', content: [p(t('Жалға беруші мына мекенжай бойынша үй-жайды уақытша пайдалануға береді: '), f('premisesAddress'), t('.'))] },
            { type: 'listItem', content: [p(t('Жалдау мерзімі: '), f('startDate'), t(' бастап '), f('endDate'), t(' дейін.'))] },
            { type: 'listItem', content: [p(t('Жалдау ақысы: '), f('rentWithVat', 'amountFull'), t(', '), f('payment'), t(' төленеді.'))] },
            { type: 'listItem', attrs: { condition: { key: 'vatPayer', op: 'eq', value: true } }, content: [p(t('Оның ішінде ҚҚС 12%: '), f('vat', 'figures'), t(' теңге.'))] },
          ],
        },
        { type: 'clause', attrs: { condition: { key: 'deposit', op: 'eq', value: true } }, content: [p(t('Жалға алушы кепілдік төлем енгізеді: '), f('depositAmount', 'amountFull'), t('.'))] },
        { type: 'clause', attrs: { condition: { not: { key: 'deposit', op: 'eq', value: true } } }, content: [p(t('Кепілдік төлем көзделмеген.'))] },
      ],
    ),
    {
      type: 'clause',
      attrs: { condition: { not: { key: 'items', op: 'isEmpty' } } },
      content: [
        p(t('Передаваемое имущество / Берілетін мүлік:', ['bold'])),
        {
          type: 'table',
          content: [
            { type: 'tableRow', content: [head('№'), head('Наименование / Атауы'), head('Кол-во / Саны'), head('Цена / Бағасы'), head('Сумма / Сомасы')] },
            { type: 'tableRow', attrs: { repeat: 'items' }, content: [cell(f('$n')), cell(f('name')), cell(f('quantity')), cell(f('price', 'figures')), cell(f('lineTotal', 'figures'))] },
            { type: 'tableRow', content: [{ type: 'tableCell', attrs: { colspan: 4 }, content: [p(t('Итого / Барлығы'))] }, cell(f('itemsTotal', 'figures'))] },
          ],
        },
        both([p(t('Итого: '), f('itemsTotal', 'amountWords'))], [p(t('Барлығы: '), f('itemsTotal', 'amountWords'))]),
      ],
    },
    both(
      [p(t('Арендодатель: '), f('landlord.name')), { type: 'clause', attrs: { condition: { key: 'landlord.kind', op: 'eq', value: 'company' } }, content: [p(t('IBAN: '), f('landlordBank.iban'), t(', БИК: '), f('landlordBank.bic'))] }, p(t('______ '), f('landlord', 'initials'))],
      [p(t('Жалға беруші: '), f('landlord.name')), { type: 'clause', attrs: { condition: { key: 'landlord.kind', op: 'eq', value: 'company' } }, content: [p(t('IBAN: '), f('landlordBank.iban'), t(', БСК: '), f('landlordBank.bic'))] }, p(t('______ '), f('landlord', 'initials'))],
    ),
  ],
})

/** Valid IIN/BIN/IBAN of the kz region (checksums hold). */
export const KZ = { iinMale: '870412300416', iin2: '900101300811', bin: '050140005121', iban: 'KZ86125KZT5004100100', bic: 'KCJBKZKX' }

export const leaseAnswers = {
  landlord: { kind: 'person', person: { last: 'Ахметов', first: 'Нурлан', middle: 'Серикович', iin: KZ.iinMale } },
  tenant: { kind: 'person', person: { last: 'Петрова', first: 'Анна', middle: 'Ивановна', iin: KZ.iin2 } },
  premisesAddress: { city: 'Алматы', line: 'пр. Абая, 10, офис 5' },
  startDate: '2026-12-01',
  termDays: 30,
  rent: { amount: 12_000_000, currency: 'KZT' },
  vatPayer: true,
  deposit: false,
  items: [
    { name: 'Стол офисный', quantity: 2, price: { amount: 4_500_000, currency: 'KZT' } },
    { name: 'Кресло', quantity: 3, price: { amount: 3_000_000, currency: 'KZT' } },
  ],
}
