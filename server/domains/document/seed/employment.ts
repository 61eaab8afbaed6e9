import { ZQuestionnaireSchema } from '../../../../shared/questionnaire'
import { ZTemplateBodySchema } from '../../../../shared/template-body'
import { clause, doc, f, h, is, isTrue, li, liIf, ol, p, repeat, t, center, type TSeedTemplate, type Writer } from './dsl'

/** Трудовой договор / Еңбек шарты: fixed or open term, probation only when agreed, duties listed one by one. */
export function employmentTemplate(w: Writer): TSeedTemplate {
  const { L } = w
  const questionnaire = ZQuestionnaireSchema.parse({
    pages: [
      {
        id: 'parties',
        title: L(['Стороны', 'Тараптар']),
        questions: [
          { key: 'employer', type: 'signingParty', label: L(['Работодатель', 'Жұмыс беруші']), role: L(['Работодатель', 'Жұмыс беруші']), kinds: ['company', 'person'], required: true, ask: { identityNumber: true } },
          { key: 'employee', type: 'person', label: L(['Работник', 'Қызметкер']), required: true, ask: { identityNumber: true } },
          { key: 'city', type: 'text', label: L(['Место заключения', 'Жасалған жері']), required: true, default: w.kz ? 'Астана' : 'Москва' },
          { key: 'contractDate', type: 'date', label: L(['Дата договора', 'Шарт жасалған күн']), required: true },
        ],
      },
      {
        id: 'work',
        title: L(['Работа', 'Жұмыс']),
        questions: [
          { key: 'position', type: 'text', label: L(['Должность', 'Лауазымы']), required: true },
          { key: 'startDate', type: 'date', label: L(['Первый рабочий день', 'Жұмысқа кірісу күні']), required: true },
          {
            key: 'term',
            type: 'choice',
            label: L(['Срок договора', 'Шарттың мерзімі']),
            required: true,
            default: 'open',
            options: [
              { value: 'open', label: L(['неопределённый срок', 'белгісіз мерзімге']) },
              { value: 'fixed', label: L(['определённый срок', 'белгілі бір мерзімге']) },
            ],
          },
          { key: 'termMonths', type: 'number', label: L(['Срок, месяцев', 'Мерзімі, ай']), required: true, integer: true, min: 1, max: 60, condition: is('term', 'fixed') },
          { key: 'probation', type: 'yesNo', label: L(['Испытательный срок', 'Сынақ мерзімі']), default: false },
          { key: 'probationMonths', type: 'number', label: L(['Испытание, месяцев', 'Сынақ, ай']), required: true, integer: true, min: 1, max: 3, condition: isTrue('probation') },
          { key: 'salary', type: 'money', label: L(['Оклад в месяц', 'Айлық лауазымдық жалақы']), required: true, currencies: [w.currency] },
          {
            key: 'duties',
            type: 'group',
            label: L(['Обязанности работника', 'Қызметкердің міндеттері']),
            itemLabel: L(['Обязанность', 'Міндет']),
            minCount: 1,
            maxCount: 30,
            questions: [{ key: 'duty', type: 'text', label: L(['Что работник делает', 'Қызметкер не істейді']), required: true }],
          },
        ],
      },
    ],
    computed: [
      { key: 'endDate', expression: 'addMonths(startDate, termMonths)', format: 'date' },
      { key: 'yearSalary', expression: 'salary * 12', format: 'money' },
    ],
  })

  const ru = [
    h('ТРУДОВОЙ ДОГОВОР'),
    center(t('г. '), f('city'), t(', '), f('contractDate', 'dateWords')),
    p(f('employer'), t(' (далее — «Работодатель») и '), f('employee'), t(' (далее — «Работник») заключили настоящий договор о следующем.')),
    ol(
      li(t('Работодатель принимает Работника на должность «'), f('position'), t('», а Работник приступает к работе '), f('startDate'), t('.')),
      liIf(is('term', 'open'), t('Договор заключён на неопределённый срок.')),
      liIf(is('term', 'fixed'), t('Договор заключён на '), f('termMonths'), t(' мес. и действует по '), f('endDate'), t(' включительно.')),
      liIf(isTrue('probation'), t('Работнику устанавливается испытательный срок '), f('probationMonths', 'numberWords'), t(' мес.')),
      li(t('Работодатель выплачивает '), f('employee', 'dative'), t(' оклад '), f('salary', 'amountFull'), t(' в месяц, что составляет '), f('yearSalary', 'figures'), t(' в год.')),
      li(t('Работник выполняет следующие обязанности:')),
    ),
    repeat('duties', p(f('$n'), t(') '), f('duty'), t(';'))),
    p(t('Остальные условия труда определяются трудовым законодательством и правилами внутреннего распорядка Работодателя.')),
  ]
  const kk = [
    h('ЕҢБЕК ШАРТЫ'),
    center(f('city'), t(' қ., '), f('contractDate', 'dateWords')),
    p(t('Бұдан әрі «Жұмыс беруші» деп аталатын '), f('employer'), t(' және бұдан әрі «Қызметкер» деп аталатын '), f('employee'), t(' төмендегілер туралы осы шартты жасасты.')),
    ol(
      li(t('Жұмыс беруші Қызметкерді «'), f('position'), t('» лауазымына қабылдайды, ал Қызметкер '), f('startDate'), t(' бастап жұмысқа кіріседі.')),
      liIf(is('term', 'open'), t('Шарт белгісіз мерзімге жасалды.')),
      liIf(is('term', 'fixed'), t('Шарт '), f('termMonths'), t(' айға жасалды және '), f('endDate'), t(' қоса алғанда қолданылады.')),
      liIf(isTrue('probation'), t('Қызметкерге '), f('probationMonths', 'numberWords'), t(' ай сынақ мерзімі белгіленеді.')),
      li(t('Жұмыс беруші Қызметкерге айына '), f('salary', 'amountFull'), t(' лауазымдық жалақы төлейді, бұл жылына '), f('yearSalary', 'figures'), t(' құрайды.')),
      li(t('Қызметкер мынадай міндеттерді атқарады:')),
    ),
    repeat('duties', p(f('$n'), t(') '), f('duty'), t(';'))),
    p(t('Еңбектің өзге шарттары еңбек заңнамасымен және Жұмыс берушінің ішкі еңбек тәртібі қағидаларымен айқындалады.')),
  ]
  const sign = (lang: 'ru' | 'kk') => [
    p(t(lang === 'ru' ? 'Работодатель: ' : 'Жұмыс беруші: '), f('employer')),
    ...w.partyDetails('employer', lang),
    p(t('____________ '), f('employer', 'initials')),
    p(t(lang === 'ru' ? 'Работник: ' : 'Қызметкер: '), f('employee')),
    p(t(`${w.personId()[lang]}: `), f(`employee.${w.personId().key}`)),
    p(t('____________ '), f('employee', 'initials')),
  ]
  const body = ZTemplateBodySchema.parse(doc(w.both(ru, kk), w.both(sign('ru'), sign('kk'))))

  const ids = w.ids
  return {
    key: 'employment',
    descriptionSlug: 'trudovoj-dogovor',
    title: L(['Трудовой договор', 'Еңбек шарты']),
    bilingual: w.kz,
    questionnaire,
    body,
    sampleAnswers: {
      employer: { kind: 'company', company: { name: w.kz ? 'ТОО «Северный ветер»' : 'ООО «Северный ветер»', ...ids.company, director: { last: 'Касымов', first: 'Ерлан', middle: 'Маратович' } } },
      employee: { last: 'Петрова', first: 'Анна', middle: 'Ивановна', ...ids.person2 },
      city: w.kz ? 'Астана' : 'Москва',
      contractDate: '2026-03-02',
      position: 'Бухгалтер',
      startDate: '2026-03-10',
      term: 'fixed',
      termMonths: 12,
      probation: false,
      salary: w.money(450_000),
      duties: [{ duty: 'ведение первичного учёта' }, { duty: 'подготовка налоговой отчётности' }],
    },
    expect: {
      present: ['Бухгалтер', 'Петровой Анне Ивановне', 'подготовка налоговой отчётности', '10.03.2027', 'четыреста пятьдесят тысяч', 'Петрова А. И.'],
      absent: ['испытательный срок', 'неопределённый срок'],
    },
  }
}
