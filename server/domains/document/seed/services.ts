import { ZQuestionnaireSchema } from '../../../../shared/questionnaire'
import { ZTemplateBodySchema } from '../../../../shared/template-body'
import { cell, center, clause, doc, f, h, head, isTrue, li, liIf, ol, p, row, t, table, type TSeedTemplate, type Writer } from './dsl'

/**
 * Договор возмездного оказания услуг / Ақылы қызмет көрсету шарты: the services are table
 * rows with their prices, the total and VAT are computed, and an advance payment appears
 * only when agreed (its amount computed from the percentage).
 */
export function servicesTemplate(w: Writer): TSeedTemplate {
  const { L } = w
  const vatRate = w.kz ? 12 : 20
  const questionnaire = ZQuestionnaireSchema.parse({
    pages: [
      {
        id: 'parties',
        title: L(['Стороны', 'Тараптар']),
        questions: [
          { key: 'customer', type: 'signingParty', label: L(['Заказчик', 'Тапсырыс беруші']), role: L(['Заказчик', 'Тапсырыс беруші']), required: true, ask: { identityNumber: true } },
          { key: 'contractor', type: 'signingParty', label: L(['Исполнитель', 'Орындаушы']), role: L(['Исполнитель', 'Орындаушы']), required: true, ask: { identityNumber: true } },
          { key: 'city', type: 'text', label: L(['Место заключения', 'Жасалған жері']), required: true, default: w.kz ? 'Астана' : 'Москва' },
          { key: 'contractDate', type: 'date', label: L(['Дата договора', 'Шарт жасалған күн']), required: true },
        ],
      },
      {
        id: 'services',
        title: L(['Услуги и оплата', 'Қызметтер және төлем']),
        questions: [
          {
            key: 'services',
            type: 'group',
            label: L(['Услуги', 'Қызметтер']),
            itemLabel: L(['Услуга', 'Қызмет']),
            minCount: 1,
            maxCount: 50,
            questions: [
              { key: 'name', type: 'text', label: L(['Что делает исполнитель', 'Орындаушы не істейді']), required: true },
              { key: 'price', type: 'money', label: L(['Стоимость', 'Құны']), required: true, currencies: [w.currency] },
            ],
          },
          { key: 'deadline', type: 'date', label: L(['Срок оказания услуг', 'Қызмет көрсету мерзімі']), required: true },
          { key: 'vatPayer', type: 'yesNo', label: L(['Исполнитель платит НДС', 'Орындаушы ҚҚС төлеушісі']), default: false },
          { key: 'advance', type: 'yesNo', label: L(['Предоплата', 'Алдын ала төлем']), default: false },
          { key: 'advancePercent', type: 'number', label: L(['Предоплата, %', 'Алдын ала төлем, %']), required: true, integer: true, min: 1, max: 100, condition: isTrue('advance') },
        ],
      },
    ],
    computed: [
      { key: 'net', expression: 'sum(services.price)', format: 'money' },
      { key: 'vat', expression: `vatPayer ? round(net * ${vatRate} / 100) : 0`, format: 'money' },
      { key: 'total', expression: 'net + vat', format: 'money' },
      { key: 'advanceAmount', expression: 'round(total * advancePercent / 100)', format: 'money' },
    ],
  })

  const ru = [
    h('ДОГОВОР ВОЗМЕЗДНОГО ОКАЗАНИЯ УСЛУГ'),
    center(t('г. '), f('city'), t(', '), f('contractDate', 'dateWords')),
    p(f('customer'), t(' (далее — «Заказчик») и '), f('contractor'), t(' (далее — «Исполнитель») заключили настоящий договор о следующем.')),
    ol(
      li(t('Исполнитель по заданию Заказчика оказывает услуги, перечисленные в таблице ниже, в срок до '), f('deadline'), t(', а Заказчик принимает и оплачивает их.')),
      li(t('Общая стоимость услуг составляет '), f('total', 'amountFull'), t('.')),
      liIf(isTrue('vatPayer'), t(`В стоимость включён НДС ${vatRate}%: `), f('vat', 'figures'), t(` ${w.unit('ru')}.`)),
      li(t('Оказание услуг подтверждается актом, который Заказчик подписывает или возвращает с мотивированными замечаниями в течение пяти рабочих дней.')),
    ),
    clause(isTrue('advance'), p(t('Заказчик вносит предоплату '), f('advancePercent'), t('% — '), f('advanceAmount', 'amountFull'), t(' — в течение трёх рабочих дней после подписания договора; остаток — после подписания акта.'))),
    clause({ not: isTrue('advance') }, p(t('Заказчик оплачивает услуги полностью в течение пяти рабочих дней после подписания акта.'))),
  ]
  const kk = [
    h('АҚЫЛЫ ҚЫЗМЕТ КӨРСЕТУ ШАРТЫ'),
    center(f('city'), t(' қ., '), f('contractDate', 'dateWords')),
    p(t('Бұдан әрі «Тапсырыс беруші» деп аталатын '), f('customer'), t(' және бұдан әрі «Орындаушы» деп аталатын '), f('contractor'), t(' төмендегілер туралы осы шартты жасасты.')),
    ol(
      li(t('Орындаушы Тапсырыс берушінің тапсырмасы бойынша төмендегі кестеде көрсетілген қызметтерді '), f('deadline'), t(' дейін көрсетеді, ал Тапсырыс беруші оларды қабылдап, ақысын төлейді.')),
      li(t('Қызметтердің жалпы құны '), f('total', 'amountFull'), t(' құрайды.')),
      liIf(isTrue('vatPayer'), t(`Құнға ${vatRate}% ҚҚС кіреді: `), f('vat', 'figures'), t(` ${w.unit('kk')}.`)),
      li(t('Қызметтердің көрсетілгені актімен расталады, Тапсырыс беруші оған бес жұмыс күні ішінде қол қояды немесе дәлелді ескертулерімен қайтарады.')),
    ),
    clause(isTrue('advance'), p(t('Тапсырыс беруші шартқа қол қойылғаннан кейін үш жұмыс күні ішінде '), f('advancePercent'), t('% — '), f('advanceAmount', 'amountFull'), t(' алдын ала төлем енгізеді; қалғанын акті қол қойылғаннан кейін төлейді.'))),
    clause({ not: isTrue('advance') }, p(t('Тапсырыс беруші қызметтердің ақысын акті қол қойылғаннан кейін бес жұмыс күні ішінде толық төлейді.'))),
  ]
  const list = table(
    row(w.kz ? [head('№'), head('Услуга / Қызмет'), head('Стоимость / Құны')] : [head('№'), head('Услуга'), head('Стоимость')]),
    row([cell(f('$n')), cell(f('name')), cell(f('price', 'figures'))], 'services'),
    row([{ type: 'tableCell', attrs: { colspan: 2 }, content: [p(t(w.kz ? 'Итого / Барлығы' : 'Итого'))] }, cell(f('total', 'figures'))]),
  )
  const sign = (lang: 'ru' | 'kk') => [
    p(t(lang === 'ru' ? 'Заказчик: ' : 'Тапсырыс беруші: '), f('customer')),
    ...w.partyDetails('customer', lang),
    p(t('____________ '), f('customer', 'initials')),
    p(t(lang === 'ru' ? 'Исполнитель: ' : 'Орындаушы: '), f('contractor')),
    ...w.partyDetails('contractor', lang),
    p(t('____________ '), f('contractor', 'initials')),
  ]
  const body = ZTemplateBodySchema.parse(doc(w.both(ru, kk), list, w.both(sign('ru'), sign('kk'))))

  const ids = w.ids
  return {
    key: 'services',
    descriptionSlug: 'dogovor-okazaniya-uslug',
    title: L(['Договор возмездного оказания услуг', 'Ақылы қызмет көрсету шарты']),
    bilingual: w.kz,
    questionnaire,
    body,
    sampleAnswers: {
      customer: { kind: 'company', company: { name: w.kz ? 'ТОО «Алтын дән»' : 'ООО «Золотое зерно»', ...ids.company, director: { last: 'Сейтжанова', first: 'Айгерим', middle: 'Болатовна' } } },
      contractor: { kind: 'person', person: { last: 'Смирнов', first: 'Олег', middle: 'Петрович', ...ids.person1 } },
      city: w.kz ? 'Астана' : 'Москва',
      contractDate: '2026-05-04',
      services: [
        { name: 'Настройка бухгалтерской программы', price: w.money(120_000) },
        { name: 'Обучение двух сотрудников', price: w.money(80_000) },
      ],
      deadline: '2026-05-29',
      vatPayer: true,
      advance: true,
      advancePercent: 30,
    },
    expect: {
      present: ['Обучение двух сотрудников', '29.05.2026', w.kz ? 'двести двадцать четыре тысячи' : 'двести сорок тысяч', w.kz ? '67\u00a0200,00' : '72\u00a0000,00', 'Смирнов О. П.'],
      absent: ['полностью в течение пяти рабочих дней после подписания акта'],
    },
  }
}
