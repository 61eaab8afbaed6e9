import { formatDate } from '../../../shared/dates'
import { anyLocale } from '../../../shared/locales'

/**
 * The texts of the messages the platform sends, per locale (ru, kk, en; anything else
 * gets ru, the region's default). Rendered in the worker (deliver.ts) from the kind,
 * the recipient's locale and the link or code the event carries.
 */
export type TLocale = 'ru' | 'kk' | 'en'
type TKind = 'verify_email' | 'reset_password' | 'change_email'

const SUBJECTS: Record<TKind, Record<TLocale, string>> = {
  verify_email: { ru: 'Подтвердите email — Dogovor24', kk: 'Email растаңыз — Dogovor24', en: 'Confirm your email — Dogovor24' },
  reset_password: { ru: 'Сброс пароля — Dogovor24', kk: 'Құпиясөзді қалпына келтіру — Dogovor24', en: 'Reset your password — Dogovor24' },
  change_email: { ru: 'Подтвердите новый email — Dogovor24', kk: 'Жаңа email растаңыз — Dogovor24', en: 'Confirm your new email — Dogovor24' },
}

const BODIES: Record<TKind, Record<TLocale, string>> = {
  verify_email: {
    ru: 'Чтобы завершить регистрацию, откройте ссылку (действует 24 часа):',
    kk: 'Тіркелуді аяқтау үшін сілтемені ашыңыз (24 сағат жарамды):',
    en: 'To finish signing up, open this link (valid for 24 hours):',
  },
  reset_password: {
    ru: 'Чтобы задать новый пароль, откройте ссылку (действует 1 час). Если вы не просили сброс, ничего не делайте.',
    kk: 'Жаңа құпиясөз орнату үшін сілтемені ашыңыз (1 сағат жарамды). Сіз сұрамасаңыз, ештеңе істемеңіз.',
    en: 'To set a new password, open this link (valid for 1 hour). If you did not ask for this, do nothing.',
  },
  change_email: {
    ru: 'Чтобы подтвердить новый адрес, откройте ссылку (действует 24 часа):',
    kk: 'Жаңа мекенжайды растау үшін сілтемені ашыңыз (24 сағат жарамды):',
    en: 'To confirm your new address, open this link (valid for 24 hours):',
  },
}

/** A plan renewal waiting for payment: what, how much, by when, and the page to pay it on. */
export function paymentRequestEmail(locale: string, v: { title: string; amount: string; link: string; payBy: string | null }, timeZone: string): { subject: string; text: string } {
  const l = anyLocale(locale)
  const by = v.payBy ? formatDate(v.payBy, l, timeZone, 'datetime') : null
  const subject = { ru: 'Оплатите продление тарифа — Dogovor24', kk: 'Тарифті ұзартуды төлеңіз — Dogovor24', en: 'Pay to renew your plan — Dogovor24' }[l]
  const lead = {
    ru: `Период тарифа закончился. Заказ на продление «${v.title}» на ${v.amount} ждёт оплаты${by ? `; без оплаты тариф отключится ${by}` : ''}.`,
    kk: `Тариф кезеңі аяқталды. Ұзартуға арналған «${v.title}» тапсырысы (${v.amount}) төлемді күтуде${by ? `; төленбесе, тариф ${by} өшіріледі` : ''}.`,
    en: `Your plan's period has ended. The renewal order "${v.title}" for ${v.amount} is waiting to be paid${by ? `; unpaid, the plan stops on ${by}` : ''}.`,
  }[l]
  const action = { ru: 'Оплатить:', kk: 'Төлеу:', en: 'Pay here:' }[l]
  return { subject, text: `${lead}\n\n${action}\n${v.link}\n` }
}

export function emailMessage(kind: TKind, locale: string, link: string): { subject: string; text: string } {
  const l = anyLocale(locale)
  return { subject: SUBJECTS[kind][l], text: `${BODIES[kind][l]}\n\n${link}\n` }
}

type TCodeKind = 'verify_phone' | 'change_phone'
const SMS: Record<TCodeKind, Record<TLocale, string>> = {
  verify_phone: {
    ru: 'Dogovor24: код подтверждения {code}. Никому его не сообщайте.',
    kk: 'Dogovor24: растау коды {code}. Оны ешкімге айтпаңыз.',
    en: 'Dogovor24: your confirmation code is {code}. Do not share it.',
  },
  change_phone: {
    ru: 'Dogovor24: код для смены номера {code}. Если вы не меняли номер, ничего не делайте.',
    kk: 'Dogovor24: нөмірді ауыстыру коды {code}. Сіз ауыстырмасаңыз, ештеңе істемеңіз.',
    en: 'Dogovor24: code to change your phone number: {code}. If you did not ask for this, do nothing.',
  },
}

export function smsMessage(kind: TCodeKind, locale: string, code: string): string {
  const l = anyLocale(locale)
  return SMS[kind][l].replace('{code}', code)
}

const ROLES: Record<string, Record<TLocale, string>> = {
  owner: { ru: 'владелец', kk: 'иесі', en: 'owner' },
  admin: { ru: 'администратор', kk: 'әкімші', en: 'admin' },
  member: { ru: 'участник', kk: 'қатысушы', en: 'member' },
  viewer: { ru: 'наблюдатель', kk: 'бақылаушы', en: 'viewer' },
}

const INVITE = {
  subject: {
    ru: 'Приглашение в «{workspace}» — Dogovor24',
    kk: '«{workspace}» кеңістігіне шақыру — Dogovor24',
    en: 'Invitation to "{workspace}" on Dogovor24',
  },
  body: {
    ru: 'Вас приглашают в «{workspace}» на Dogovor24 (роль: {role}).\n\nПринять приглашение: {link}\n\nСсылка действует 7 дней.',
    kk: 'Сізді Dogovor24-тегі «{workspace}» кеңістігіне шақырады (рөлі: {role}).\n\nШақыруды қабылдау: {link}\n\nСілтеме 7 күн жарамды.',
    en: 'You are invited to join "{workspace}" on Dogovor24 as {role}.\n\nAccept: {link}\n\nThe link is valid for 7 days.',
  },
  sms: {
    ru: 'Dogovor24: вас приглашают в «{workspace}». Принять: {link}',
    kk: 'Dogovor24: сізді «{workspace}» кеңістігіне шақырады. Қабылдау: {link}',
    en: 'Dogovor24: you are invited to "{workspace}". Accept: {link}',
  },
} satisfies Record<string, Record<TLocale, string>>

function fill(template: string, values: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (_, k: string) => values[k] ?? '')
}

export function inviteEmail(locale: string, v: { workspace: string; role: string; link: string }): { subject: string; text: string } {
  const l = anyLocale(locale)
  const values = { ...v, role: ROLES[v.role]?.[l] ?? v.role }
  return { subject: fill(INVITE.subject[l], values), text: `${fill(INVITE.body[l], values)}\n` }
}

/** One SMS: a long workspace name is shortened so the text stays within the provider's 480 characters. */
export function inviteSms(locale: string, v: { workspace: string; link: string }): string {
  const workspace = v.workspace.length > 60 ? `${v.workspace.slice(0, 59)}…` : v.workspace
  return fill(INVITE.sms[anyLocale(locale)], { workspace, link: v.link })
}

const CLAIM = {
  subject: {
    ru: 'Кто-то создал пространство с {numberLabel} вашей компании — Dogovor24',
    kk: 'Біреу сіздің компанияңыздың {numberLabel} арқылы кеңістік құрды — Dogovor24',
    en: 'Someone created a workspace with your company\'s {numberLabel} — Dogovor24',
  },
  body: {
    ru: 'Вы администратор пространства «{holder}» на Dogovor24. Другой пользователь только что создал пространство «{workspace}» с тем же {numberLabel} {number}.\n\nЭто пространство не подтверждено: оно не может подписывать документы и выставлять счета от имени компании, пока его не подтвердят подписью квалифицированным сертификатом (ЭЦП), в котором указан этот {numberLabel}.\n\nЕсли вы не знаете, кто это, ничего не делайте: ваше пространство остаётся подтверждённым.',
    kk: 'Сіз Dogovor24-тегі «{holder}» кеңістігінің әкімшісісіз. Басқа пайдаланушы дәл осы {numberLabel} {number} арқылы «{workspace}» кеңістігін құрды.\n\nБұл кеңістік расталмаған: осы {numberLabel} көрсетілген білікті сертификатпен (ЭЦҚ) қол қойып расталғанша, ол компания атынан құжаттарға қол қоя алмайды және шот жаза алмайды.\n\nЕгер бұл кім екенін білмесеңіз, ештеңе істемеңіз: сіздің кеңістігіңіз расталған күйінде қалады.',
    en: 'You are an admin of "{holder}" on Dogovor24. Another user has just created the workspace "{workspace}" with the same {numberLabel} {number}.\n\nThat workspace is unverified: it cannot sign documents or issue invoices as the company until it is verified by a signature with a qualified certificate that carries this {numberLabel}.\n\nIf you do not know who this is, you need not do anything: your workspace stays verified.',
  },
} satisfies Record<string, Record<TLocale, string>>

const NUMBER_LABELS: Record<'bin' | 'inn', Record<TLocale, string>> = {
  bin: { ru: 'БИН', kk: 'БСН', en: 'BIN' },
  inn: { ru: 'ИНН', kk: 'ИНН', en: 'INN' },
}

export function companyClaimEmail(
  locale: string,
  v: { holder: string; workspace: string; number: { kind: 'bin' | 'inn'; value: string } },
): { subject: string; text: string } {
  const l = anyLocale(locale)
  const values = { holder: v.holder, workspace: v.workspace, number: v.number.value, numberLabel: NUMBER_LABELS[v.number.kind][l] }
  return { subject: fill(CLAIM.subject[l], values), text: `${fill(CLAIM.body[l], values)}\n` }
}

type TSigningKind = 'invite' | 'reminder' | 'signed' | 'declined' | 'completed' | 'expired'

const SIGNING: Record<TSigningKind, { subject: Record<TLocale, string>; body: Record<TLocale, string> }> = {
  invite: {
    subject: {
      ru: '{sender} просит подписать «{file}» — Dogovor24',
      kk: '{sender} «{file}» құжатына қол қоюды сұрайды — Dogovor24',
      en: '{sender} asks you to sign "{file}" — Dogovor24',
    },
    body: {
      ru: '{party}, {sender} отправил(а) вам документ «{file}» на подпись квалифицированной ЭЦП (NCALayer).{note}{deadline}\n\nОткрыть, прочитать и подписать или отказаться: {link}',
      kk: '{party}, {sender} сізге «{file}» құжатын білікті ЭЦҚ-мен (NCALayer) қол қоюға жіберді.{note}{deadline}\n\nАшу, оқу және қол қою немесе бас тарту: {link}',
      en: '{party}, {sender} has sent you "{file}" to sign with a qualified electronic signature (NCALayer).{note}{deadline}\n\nOpen, read, and sign or decline: {link}',
    },
  },
  reminder: {
    subject: {
      ru: 'Напоминание: «{file}» ждёт вашей подписи — Dogovor24',
      kk: 'Еске салу: «{file}» сіздің қолыңызды күтуде — Dogovor24',
      en: 'Reminder: "{file}" is waiting for your signature — Dogovor24',
    },
    body: {
      ru: '{party}, документ «{file}» от {sender} всё ещё ждёт вашей подписи.{deadline}\n\nПодписать или отказаться: {link}',
      kk: '{party}, {sender} жіберген «{file}» құжаты әлі де сіздің қолыңызды күтуде.{deadline}\n\nҚол қою немесе бас тарту: {link}',
      en: '{party}, "{file}" from {sender} is still waiting for your signature.{deadline}\n\nSign or decline: {link}',
    },
  },
  signed: {
    subject: { ru: '{party} подписал(а) «{file}» — Dogovor24', kk: '{party} «{file}» құжатына қол қойды — Dogovor24', en: '{party} signed "{file}" — Dogovor24' },
    body: {
      ru: '{party} подписал(а) документ «{file}». Остальные стороны получат ссылку в свою очередь.\n\nДокумент и подписи: {link}',
      kk: '{party} «{file}» құжатына қол қойды. Қалған тараптар өз кезегінде сілтеме алады.\n\nҚұжат пен қолтаңбалар: {link}',
      en: '{party} signed "{file}". The other parties get their link in turn.\n\nThe document and its signatures: {link}',
    },
  },
  declined: {
    subject: { ru: '{party} отказался(ась) подписать «{file}» — Dogovor24', kk: '{party} «{file}» құжатына қол қоюдан бас тартты — Dogovor24', en: '{party} declined to sign "{file}" — Dogovor24' },
    body: {
      ru: '{party} отказался(ась) подписывать «{file}». Причина: {reason}\n\nЗапрос на подпись закрыт. Документ: {link}',
      kk: '{party} «{file}» құжатына қол қоюдан бас тартты. Себебі: {reason}\n\nҚол қою сұрауы жабылды. Құжат: {link}',
      en: '{party} declined to sign "{file}". Reason: {reason}\n\nThe signing request is closed. The document: {link}',
    },
  },
  completed: {
    subject: { ru: 'Все стороны подписали «{file}» — Dogovor24', kk: 'Барлық тараптар «{file}» құжатына қол қойды — Dogovor24', en: 'Everyone has signed "{file}" — Dogovor24' },
    body: {
      ru: 'Все стороны подписали документ «{file}». Подписи проверены; страница проверки и QR-код — на странице документа: {link}',
      kk: 'Барлық тараптар «{file}» құжатына қол қойды. Қолтаңбалар тексерілді; тексеру беті мен QR-код құжат бетінде: {link}',
      en: 'Every party has signed "{file}". The signatures are verified; the verification page and its QR code are on the document\'s page: {link}',
    },
  },
  expired: {
    subject: { ru: 'Срок подписания «{file}» истёк — Dogovor24', kk: '«{file}» құжатына қол қою мерзімі өтті — Dogovor24', en: 'The time to sign "{file}" has run out — Dogovor24' },
    body: {
      ru: 'Срок подписания документа «{file}» истёк, не все стороны подписали. Запрос закрыт; вы можете отправить документ на подпись снова: {link}',
      kk: '«{file}» құжатына қол қою мерзімі өтті, барлық тарап қол қойған жоқ. Сұрау жабылды; құжатты қайта жіберуге болады: {link}',
      en: 'The time to sign "{file}" has run out before every party signed. The request is closed; you can send the document for signing again: {link}',
    },
  },
}

const SIGNING_NOTE: Record<TLocale, string> = { ru: 'Сообщение: «{message}»', kk: 'Хабарлама: «{message}»', en: 'Message: "{message}"' }
const SIGNING_DEADLINE: Record<TLocale, string> = { ru: 'Подписать до {date}.', kk: '{date} дейін қол қойыңыз.', en: 'Sign by {date}.' }
const SIGNING_SMS: Record<'invite' | 'reminder', Record<TLocale, string>> = {
  invite: { ru: 'Dogovor24: {sender} просит подписать «{file}»: {link}', kk: 'Dogovor24: {sender} «{file}» құжатына қол қоюды сұрайды: {link}', en: 'Dogovor24: {sender} asks you to sign "{file}": {link}' },
  reminder: { ru: 'Dogovor24: «{file}» ждёт вашей подписи: {link}', kk: 'Dogovor24: «{file}» сіздің қолыңызды күтуде: {link}', en: 'Dogovor24: "{file}" is waiting for your signature: {link}' },
}

const short = (s: string, max: number) => (s.length > max ? `${s.slice(0, max - 1)}…` : s)

export interface TSigningMessageValues {
  file: string
  sender: string
  party: string | null
  reason: string | null
  message: string | null
  deadline: string | null
  link: string
}

/** The messages of a signing request (explorer's SigningMessageRequested), in the recipient's language and the region's time zone. */
export function signingEmail(kind: TSigningKind, locale: string, v: TSigningMessageValues, timeZone: string): { subject: string; text: string } {
  const l = anyLocale(locale)
  const values = {
    file: v.file,
    sender: v.sender,
    party: v.party ?? '',
    reason: v.reason ?? '',
    link: v.link,
    note: v.message ? `\n\n${fill(SIGNING_NOTE[l], { message: v.message })}` : '',
    deadline: v.deadline ? `\n\n${fill(SIGNING_DEADLINE[l], { date: formatDate(v.deadline, l, timeZone, 'datetime') })}` : '',
  }
  return { subject: fill(SIGNING[kind].subject[l], { ...values, file: short(v.file, 80) }), text: `${fill(SIGNING[kind].body[l], values)}\n` }
}

export function signingSms(kind: 'invite' | 'reminder', locale: string, v: Pick<TSigningMessageValues, 'file' | 'sender' | 'link'>): string {
  return fill(SIGNING_SMS[kind][anyLocale(locale)], { file: short(v.file, 60), sender: short(v.sender, 40), link: v.link })
}
