import { ZQuestionnaireSchema } from '../../../../shared/questionnaire'
import { ZTemplateBodySchema } from '../../../../shared/template-body'
import { cell, center, clause, doc, f, h, head, is, isTrue, p, repeat, row, t, table, type TSeedTemplate, type Writer } from './dsl'

/**
 * Расписка в получении денежных средств / Ақша алғаны туралы қолхат: the money may come in
 * several payments (a table row each, the sum computed and written in words), the duty to
 * return it is printed only for a loan, and witnesses sign when there are any.
 */
export function receiptTemplate(w: Writer): TSeedTemplate {
  const { L } = w
  const id = w.personId()
  const questionnaire = ZQuestionnaireSchema.parse({
    pages: [
      {
        id: 'people',
        title: L(['Кто и от кого', 'Кім және кімнен']),
        questions: [
          { key: 'receiver', type: 'person', label: L(['Кто получает деньги', 'Ақшаны кім алады']), required: true, ask: { identityNumber: true } },
          { key: 'giver', type: 'person', label: L(['Кто передаёт деньги', 'Ақшаны кім береді']), required: true, ask: { identityNumber: true } },
          { key: 'city', type: 'text', label: L(['Место составления', 'Жасалған жері']), required: true, default: w.kz ? 'Караганда' : 'Москва' },
          { key: 'receiptDate', type: 'date', label: L(['Дата расписки', 'Қолхаттың күні']), required: true },
        ],
      },
      {
        id: 'money',
        title: L(['Деньги', 'Ақша']),
        questions: [
          {
            key: 'payments',
            type: 'group',
            label: L(['Полученные суммы', 'Алынған сомалар']),
            itemLabel: L(['Платёж', 'Төлем']),
            minCount: 1,
            maxCount: 20,
            questions: [
              { key: 'date', type: 'date', label: L(['Дата получения', 'Алынған күні']), required: true },
              { key: 'amount', type: 'money', label: L(['Сумма', 'Сомасы']), required: true, currencies: [w.currency] },
            ],
          },
          {
            key: 'basis',
            type: 'choice',
            label: L(['Основание', 'Негізі']),
            required: true,
            default: 'loan',
            options: [
              { value: 'loan', label: L(['в долг (заём)', 'қарызға']) },
              { value: 'sale', label: L(['в оплату проданного имущества', 'сатылған мүліктің ақысы ретінде']) },
            ],
          },
          { key: 'returnDate', type: 'date', label: L(['Вернуть до', 'Қайтару мерзімі']), required: true, condition: is('basis', 'loan') },
          { key: 'withWitnesses', type: 'yesNo', label: L(['При свидетелях', 'Куәгерлердің қатысуымен']), default: false },
          {
            key: 'witnesses',
            type: 'group',
            label: L(['Свидетели', 'Куәгерлер']),
            itemLabel: L(['Свидетель', 'Куәгер']),
            condition: isTrue('withWitnesses'),
            minCount: 1,
            maxCount: 3,
            questions: [{ key: 'who', type: 'person', label: L(['Свидетель', 'Куәгер']), required: true }],
          },
        ],
      },
    ],
    computed: [{ key: 'total', expression: 'sum(payments.amount)', format: 'money' }],
  })

  const ru = [
    h('РАСПИСКА В ПОЛУЧЕНИИ ДЕНЕЖНЫХ СРЕДСТВ'),
    center(t('г. '), f('city'), t(', '), f('receiptDate', 'dateWords')),
    p(t('Я, '), f('receiver'), t(`, ${id.ru} `), f(`receiver.${id.key}`), t(', получил(а) от '), f('giver', 'genitive'), t(`, ${id.ru} `), f(`giver.${id.key}`), t(', денежные средства в сумме '), f('total', 'amountFull'), t(' '), f('basis'), t('.')),
    clause(is('basis', 'loan'), p(t('Обязуюсь вернуть всю сумму не позднее '), f('returnDate'), t('.'))),
    p(t('Деньги получены полностью, претензий по их получению не имею.')),
  ]
  const kk = [
    h('АҚША ҚАРАЖАТЫН АЛҒАНЫ ТУРАЛЫ ҚОЛХАТ'),
    center(f('city'), t(' қ., '), f('receiptDate', 'dateWords')),
    p(t('Мен, '), f('receiver'), t(`, ${id.kk} `), f(`receiver.${id.key}`), t(', мына адамнан: '), f('giver'), t(`, ${id.kk} `), f(`giver.${id.key}`), t(', '), f('basis'), t(' '), f('total', 'amountFull'), t(' сомасында ақша қаражатын алдым.')),
    clause(is('basis', 'loan'), p(t('Бүкіл соманы '), f('returnDate'), t(' күнінен кешіктірмей қайтаруға міндеттенемін.'))),
    p(t('Ақша толық көлемде алынды, оны алуға қатысты наразылығым жоқ.')),
  ]
  const payments = table(
    row(w.kz ? [head('№'), head('Дата / Күні'), head('Сумма / Сомасы')] : [head('№'), head('Дата'), head('Сумма')]),
    row([cell(f('$n')), cell(f('date')), cell(f('amount', 'figures'))], 'payments'),
    row([{ type: 'tableCell', attrs: { colspan: 2 }, content: [p(t(w.kz ? 'Итого / Барлығы' : 'Итого'))] }, cell(f('total', 'figures'))]),
  )
  const sign = (lang: 'ru' | 'kk') => [
    p(t(lang === 'ru' ? 'Получатель: ____________ ' : 'Алушы: ____________ '), f('receiver', 'initials')),
    clause(isTrue('withWitnesses'), p(t(lang === 'ru' ? 'Свидетели:' : 'Куәгерлер:')), repeat('witnesses', p(f('$n'), t('. '), f('who'), t(' ____________')))),
  ]
  const body = ZTemplateBodySchema.parse(doc(w.both(ru, kk), payments, w.both(sign('ru'), sign('kk'))))

  const ids = w.ids
  return {
    key: 'receipt',
    descriptionSlug: 'raspiska-v-poluchenii-deneg',
    title: L(['Расписка в получении денежных средств', 'Ақша қаражатын алғаны туралы қолхат']),
    bilingual: w.kz,
    questionnaire,
    body,
    sampleAnswers: {
      receiver: { last: 'Исаев', first: 'Тимур', middle: 'Русланович', ...ids.person1 },
      giver: { last: 'Белова', first: 'Мария', middle: 'Андреевна', ...ids.person2 },
      city: w.kz ? 'Караганда' : 'Москва',
      receiptDate: '2026-07-20',
      payments: [
        { date: '2026-07-10', amount: w.money(500_000) },
        { date: '2026-07-20', amount: w.money(250_000) },
      ],
      basis: 'loan',
      returnDate: '2027-01-20',
      withWitnesses: true,
      witnesses: [{ who: { last: 'Жумабаев', first: 'Арман', middle: 'Кайратович' } }],
    },
    expect: {
      present: ['от Беловой Марии Андреевны', 'семьсот пятьдесят тысяч', 'в долг (заём)', 'не позднее 20.01.2027', 'Жумабаев Арман Кайратович', '10.07.2026'],
      absent: ['в оплату проданного имущества'],
    },
  }
}
