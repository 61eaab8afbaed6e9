import { ZQuestionnaireSchema } from '../../../../shared/questionnaire'
import { ZTemplateBodySchema } from '../../../../shared/template-body'
import { center, clause, doc, f, h, isNot, isTrue, p, repeat, t, type TSeedTemplate, type Writer } from './dsl'

/**
 * Доверенность / Сенімхат: one person authorises another for the acts listed one by one;
 * the validity end is computed from the months; the right to delegate is printed either way.
 */
export function powerOfAttorneyTemplate(w: Writer): TSeedTemplate {
  const { L } = w
  const id = w.personId()
  const questionnaire = ZQuestionnaireSchema.parse({
    pages: [
      {
        id: 'people',
        title: L(['Кто и кому', 'Кім және кімге']),
        questions: [
          { key: 'principal', type: 'person', label: L(['Доверитель', 'Сенім білдіруші']), required: true, ask: { identityNumber: true, address: true } },
          { key: 'agent', type: 'person', label: L(['Представитель', 'Өкіл']), required: true, ask: { identityNumber: true } },
          { key: 'city', type: 'text', label: L(['Место составления', 'Жасалған жері']), required: true, default: w.kz ? 'Шымкент' : 'Москва' },
          { key: 'issueDate', type: 'date', label: L(['Дата выдачи', 'Берілген күні']), required: true },
        ],
      },
      {
        id: 'powers',
        title: L(['Полномочия', 'Өкілеттіктер']),
        questions: [
          {
            key: 'acts',
            type: 'group',
            label: L(['Что представитель может делать', 'Өкіл не істей алады']),
            itemLabel: L(['Полномочие', 'Өкілеттік']),
            minCount: 1,
            maxCount: 30,
            questions: [
              { key: 'ru', type: 'text', label: L(['Полномочие (по-русски)', 'Өкілеттік (орысша)']), required: true },
              ...(w.kz ? [{ key: 'kk', type: 'text', label: L(['Полномочие (по-казахски)', 'Өкілеттік (қазақша)']), required: true }] : []),
            ],
          },
          { key: 'months', type: 'number', label: L(['Срок действия, месяцев', 'Қолданылу мерзімі, ай']), required: true, integer: true, min: 1, max: 36, default: 12 },
          { key: 'delegation', type: 'yesNo', label: L(['С правом передоверия', 'Қайта сенім білдіру құқығымен']), default: false },
        ],
      },
    ],
    computed: [{ key: 'validUntil', expression: 'addMonths(issueDate, months)', format: 'date' }],
  })

  const ru = [
    h('ДОВЕРЕННОСТЬ'),
    center(t('г. '), f('city'), t(', '), f('issueDate', 'dateWords')),
    p(t('Я, '), f('principal'), t(`, ${id.ru} `), f(`principal.${id.key}`), t(', проживающий(ая) по адресу: '), f('principal.address'), t(', настоящей доверенностью доверяю '), f('agent', 'dative'), t(`, ${id.ru} `), f(`agent.${id.key}`), t(', представлять мои интересы и совершать от моего имени следующие действия:')),
    repeat('acts', p(f('$n'), t('. '), f('ru'), t(';'))),
    p(t('Для этого представитель вправе подавать и получать документы, подписывать заявления и расписываться за меня.')),
    clause(isTrue('delegation'), p(t('Доверенность выдана с правом передоверия.'))),
    clause(isNot('delegation'), p(t('Доверенность выдана без права передоверия.'))),
    p(t('Срок действия доверенности — '), f('months', 'numberWords'), t(' мес., по '), f('validUntil'), t(' включительно.')),
  ]
  const kk = [
    h('СЕНІМХАТ'),
    center(f('city'), t(' қ., '), f('issueDate', 'dateWords')),
    p(t('Мен, '), f('principal'), t(`, ${id.kk} `), f(`principal.${id.key}`), t(', мекенжайым: '), f('principal.address'), t(', осы сенімхатпен мына адамға: '), f('agent'), t(`, ${id.kk} `), f(`agent.${id.key}`), t(', менің мүддемді білдіруге және менің атымнан мына әрекеттерді жасауға уәкілеттік беремін:')),
    repeat('acts', p(f('$n'), t('. '), f('kk'), t(';'))),
    p(t('Осы мақсатта өкіл құжаттарды тапсыруға және алуға, өтініштерге қол қоюға және мен үшін қол қоюға құқылы.')),
    clause(isTrue('delegation'), p(t('Сенімхат қайта сенім білдіру құқығымен берілді.'))),
    clause(isNot('delegation'), p(t('Сенімхат қайта сенім білдіру құқығынсыз берілді.'))),
    p(t('Сенімхат '), f('months', 'numberWords'), t(' ай бойы, '), f('validUntil'), t(' қоса алғанда жарамды.')),
  ]
  const sign = (lang: 'ru' | 'kk') => [p(t(lang === 'ru' ? 'Доверитель: ____________ ' : 'Сенім білдіруші: ____________ '), f('principal', 'initials'))]
  const body = ZTemplateBodySchema.parse(doc(w.both(ru, kk), w.both(sign('ru'), sign('kk'))))

  const ids = w.ids
  return {
    key: 'powerOfAttorney',
    descriptionSlug: 'doverennost',
    title: L(['Доверенность', 'Сенімхат']),
    bilingual: w.kz,
    questionnaire,
    body,
    sampleAnswers: {
      principal: { last: 'Нурланова', first: 'Дана', middle: 'Ерлановна', ...ids.person2, address: { city: w.kz ? 'Шымкент' : 'Москва', line: 'ул. Толе би, 15, кв. 8' } },
      agent: { last: 'Омаров', first: 'Бауыржан', middle: 'Касымович', ...ids.person1 },
      city: w.kz ? 'Шымкент' : 'Москва',
      issueDate: '2026-06-01',
      acts: [
        { ru: 'получать почтовые отправления на моё имя', kk: 'менің атыма келген пошта жөнелтілімдерін алу' },
        { ru: 'представлять меня в банках по вопросам моих счетов', kk: 'менің шоттарым бойынша банктерде мүддемді білдіру' },
      ],
      months: 6,
      delegation: false,
    },
    expect: {
      present: ['Омарову Бауыржану Касымовичу', 'представлять меня в банках по вопросам моих счетов', 'ул. Толе би, 15, кв. 8', 'без права передоверия', 'по 01.12.2026 включительно', 'Нурланова Д. Е.'],
      absent: ['выдана с правом передоверия'],
    },
  }
}
