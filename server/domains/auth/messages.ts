/**
 * Texts of the emails the auth domain sends, per locale. Kept here until the
 * notification domain owns message templates; then deliver.ts hands it the kind,
 * the locale and the link instead.
 */
type TLocale = 'ru' | 'kk' | 'en'
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

export function emailMessage(kind: TKind, locale: string, link: string): { subject: string; text: string } {
  const l: TLocale = locale === 'kk' || locale === 'en' ? locale : 'ru'
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
  const l: TLocale = locale === 'kk' || locale === 'en' ? locale : 'ru'
  return SMS[kind][l].replace('{code}', code)
}
