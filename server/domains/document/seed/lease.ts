import { ZQuestionnaireSchema } from '../../../../shared/questionnaire'
import { ZTemplateBodySchema } from '../../../../shared/template-body'
import { cell, center, clause, doc, f, h, head, isNot, isTrue, li, liIf, ol, p, row, t, table, type TSeedTemplate, type Writer } from './dsl'

/**
 * Договор аренды помещения / Үй-жайды жалға беру шарты: the term in months gives the end
 * date, VAT is added only for a VAT payer, a security deposit only when agreed, and the
 * furniture or equipment handed over is a table row per item.
 */
export function leaseTemplate(w: Writer): TSeedTemplate {
  const { L } = w
  const vatRate = w.kz ? 12 : 20
  const questionnaire = ZQuestionnaireSchema.parse({
    pages: [
      {
        id: 'parties',
        title: L(['Стороны', 'Тараптар']),
        questions: [
          { key: 'landlord', type: 'signingParty', label: L(['Арендодатель', 'Жалға беруші']), role: L(['Арендодатель', 'Жалға беруші']), required: true, ask: { identityNumber: true } },
          { key: 'tenant', type: 'signingParty', label: L(['Арендатор', 'Жалға алушы']), role: L(['Арендатор', 'Жалға алушы']), required: true, ask: { identityNumber: true } },
          { key: 'city', type: 'text', label: L(['Место заключения', 'Жасалған жері']), required: true, default: w.kz ? 'Алматы' : 'Москва' },
          { key: 'contractDate', type: 'date', label: L(['Дата договора', 'Шарт жасалған күн']), required: true },
        ],
      },
      {
        id: 'premises',
        title: L(['Помещение и оплата', 'Үй-жай және төлем']),
        questions: [
          { key: 'address', type: 'address', label: L(['Адрес помещения', 'Үй-жайдың мекенжайы']), required: true },
          { key: 'area', type: 'number', label: L(['Площадь, кв. м', 'Ауданы, шаршы м']), required: true, min: 1, max: 100_000 },
          { key: 'use', type: 'text', label: L(['Назначение (офис, склад, магазин)', 'Мақсаты (кеңсе, қойма, дүкен)']), required: true, default: 'офис' },
          { key: 'startDate', type: 'date', label: L(['Начало аренды', 'Жалдаудың басталуы']), required: true },
          { key: 'termMonths', type: 'number', label: L(['Срок аренды, месяцев', 'Жалдау мерзімі, ай']), required: true, integer: true, min: 1, max: 120 },
          { key: 'rent', type: 'money', label: L(['Арендная плата в месяц (без НДС)', 'Айлық жалдау ақысы (ҚҚС-сыз)']), required: true, currencies: [w.currency] },
          { key: 'vatPayer', type: 'yesNo', label: L(['Арендодатель платит НДС', 'Жалға беруші ҚҚС төлеушісі']), default: false },
          { key: 'deposit', type: 'yesNo', label: L(['Обеспечительный платёж', 'Кепілдік жарна']), default: false },
          { key: 'depositAmount', type: 'money', label: L(['Сумма обеспечительного платежа', 'Кепілдік жарнаның сомасы']), required: true, currencies: [w.currency], condition: isTrue('deposit') },
        ],
      },
      {
        id: 'inventory',
        title: L(['Имущество в помещении', 'Үй-жайдағы мүлік']),
        questions: [
          {
            key: 'inventory',
            type: 'group',
            label: L(['Что передаётся вместе с помещением', 'Үй-жаймен бірге не беріледі']),
            itemLabel: L(['Предмет', 'Зат']),
            minCount: 1,
            maxCount: 50,
            questions: [
              { key: 'name', type: 'text', label: L(['Наименование', 'Атауы']), required: true },
              { key: 'count', type: 'number', label: L(['Количество', 'Саны']), required: true, integer: true, min: 1 },
            ],
          },
        ],
      },
    ],
    computed: [
      { key: 'endDate', expression: 'addMonths(startDate, termMonths)', format: 'date' },
      { key: 'vat', expression: `vatPayer ? round(rent * ${vatRate} / 100) : 0`, format: 'money' },
      { key: 'monthly', expression: 'rent + vat', format: 'money' },
      { key: 'termTotal', expression: 'monthly * termMonths', format: 'money' },
    ],
  })

  const ru = [
    h('ДОГОВОР АРЕНДЫ ПОМЕЩЕНИЯ'),
    center(t('г. '), f('city'), t(', '), f('contractDate', 'dateWords')),
    p(f('landlord'), t(' (далее — «Арендодатель») и '), f('tenant'), t(' (далее — «Арендатор») договорились о следующем.')),
    ol(
      li(t('Арендодатель передаёт Арендатору во временное владение и пользование помещение площадью '), f('area'), t(' кв. м по адресу: '), f('address'), t(', для использования под '), f('use'), t('.')),
      li(t('Срок аренды — '), f('termMonths'), t(' мес.: с '), f('startDate'), t(' по '), f('endDate'), t(' включительно.')),
      li(t('Арендная плата составляет '), f('monthly', 'amountFull'), t(' в месяц и вносится не позднее пятого числа текущего месяца.')),
      liIf(isTrue('vatPayer'), t(`Арендная плата включает НДС ${vatRate}% в сумме `), f('vat', 'figures'), t(` ${w.unit('ru')}.`)),
      li(t('За весь срок аренды Арендатор уплачивает '), f('termTotal', 'amountFull'), t('.')),
    ),
    clause(isTrue('deposit'), p(t('В течение пяти рабочих дней после подписания Арендатор вносит обеспечительный платёж '), f('depositAmount', 'amountFull'), t(', который возвращается ему при освобождении помещения.'))),
    clause(isNot('deposit'), p(t('Обеспечительный платёж сторонами не предусмотрен.'))),
  ]
  const kk = [
    h('ҮЙ-ЖАЙДЫ ЖАЛҒА БЕРУ ШАРТЫ'),
    center(f('city'), t(' қ., '), f('contractDate', 'dateWords')),
    p(t('Бұдан әрі «Жалға беруші» деп аталатын '), f('landlord'), t(' және бұдан әрі «Жалға алушы» деп аталатын '), f('tenant'), t(' мыналар туралы уағдаласты.')),
    ol(
      li(t('Жалға беруші Жалға алушыға '), f('address'), t(' мекенжайы бойынша орналасқан, ауданы '), f('area'), t(' шаршы метр үй-жайды '), f('use'), t(' ретінде пайдалану үшін уақытша иеленуге және пайдалануға береді.')),
      li(t('Жалдау мерзімі — '), f('termMonths'), t(' ай: '), f('startDate'), t(' бастап '), f('endDate'), t(' қоса алғанға дейін.')),
      li(t('Жалдау ақысы айына '), f('monthly', 'amountFull'), t(' құрайды және ағымдағы айдың бесінші күнінен кешіктірілмей төленеді.')),
      liIf(isTrue('vatPayer'), t(`Жалдау ақысына ${vatRate}% ҚҚС кіреді, сомасы `), f('vat', 'figures'), t(` ${w.unit('kk')}.`)),
      li(t('Жалдаудың бүкіл мерзімі үшін Жалға алушы '), f('termTotal', 'amountFull'), t(' төлейді.')),
    ),
    clause(isTrue('deposit'), p(t('Қол қойылғаннан кейін бес жұмыс күні ішінде Жалға алушы '), f('depositAmount', 'amountFull'), t(' кепілдік жарна енгізеді, ол үй-жай босатылған кезде қайтарылады.'))),
    clause(isNot('deposit'), p(t('Тараптар кепілдік жарнаны көздемеген.'))),
  ]
  const inventory = [
    ...w.both([p(t('Вместе с помещением передаётся:'))], [p(t('Үй-жаймен бірге берілетін мүлік:'))]),
    table(
      row(w.kz ? [head('№'), head('Наименование / Атауы'), head('Кол-во / Саны')] : [head('№'), head('Наименование'), head('Количество')]),
      row([cell(f('$n')), cell(f('name')), cell(f('count'))], 'inventory'),
    ),
  ]
  const sign = (lang: 'ru' | 'kk') => [
    p(t(lang === 'ru' ? 'Арендодатель: ' : 'Жалға беруші: '), f('landlord')),
    ...w.partyDetails('landlord', lang),
    p(t('____________ '), f('landlord', 'initials')),
    p(t(lang === 'ru' ? 'Арендатор: ' : 'Жалға алушы: '), f('tenant')),
    ...w.partyDetails('tenant', lang),
    p(t('____________ '), f('tenant', 'initials')),
  ]
  const body = ZTemplateBodySchema.parse(doc(w.both(ru, kk), inventory, w.both(sign('ru'), sign('kk'))))

  const ids = w.ids
  return {
    key: 'lease',
    descriptionSlug: 'dogovor-arendy-pomeshcheniya',
    title: L(['Договор аренды помещения', 'Үй-жайды жалға беру шарты']),
    bilingual: w.kz,
    questionnaire,
    body,
    sampleAnswers: {
      landlord: { kind: 'person', person: { last: 'Ахметов', first: 'Нурлан', middle: 'Серикович', ...ids.person1 } },
      tenant: { kind: 'company', company: { name: w.kz ? 'ТОО «Жибек жолы»' : 'ООО «Шёлковый путь»', ...ids.company, director: { last: 'Ким', first: 'Виктор', middle: 'Павлович' } } },
      city: w.kz ? 'Алматы' : 'Москва',
      contractDate: '2026-04-01',
      address: { city: w.kz ? 'Алматы' : 'Москва', line: 'ул. Байзакова, 280, офис 12' },
      area: 64,
      use: 'офис',
      startDate: '2026-04-15',
      termMonths: 11,
      rent: w.money(300_000),
      vatPayer: false,
      deposit: true,
      depositAmount: w.money(150_000),
      inventory: [
        { name: 'Стол письменный', count: 4 },
        { name: 'Шкаф для документов', count: 2 },
      ],
    },
    expect: {
      present: ['ул. Байзакова, 280, офис 12', 'Шкаф для документов', 'триста тысяч', '15.03.2027', 'сто пятьдесят тысяч', 'Ахметов Н. С.'],
      absent: ['включает НДС', 'Обеспечительный платёж сторонами не предусмотрен'],
    },
  }
}
