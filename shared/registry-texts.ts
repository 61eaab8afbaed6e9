import type { TCardStatus } from './registry'

/**
 * Words of the registry that both the server (the XLSX/CSV export's headings and
 * statuses) and the pages show; kept here rather than in locales/*.json because the
 * server writes them into files.
 */
type TLang = 'ru' | 'kk' | 'en'

export const CARD_STATUS_LABELS: Record<TLang, Record<TCardStatus, string>> = {
  ru: { draft: 'Черновик', sent: 'На подписании', partially_signed: 'Подписан частично', signed: 'Подписан', declined: 'Отклонён', expired: 'Срок подписания истёк', terminated: 'Расторгнут' },
  kk: { draft: 'Жоба', sent: 'Қол қоюда', partially_signed: 'Ішінара қол қойылған', signed: 'Қол қойылған', declined: 'Бас тартылды', expired: 'Қол қою мерзімі өтті', terminated: 'Бұзылған' },
  en: { draft: 'Draft', sent: 'Out for signing', partially_signed: 'Partly signed', signed: 'Signed', declined: 'Declined', expired: 'Signing deadline passed', terminated: 'Terminated' },
}

export const CARD_EXPORT_COLUMNS = ['number', 'date', 'type', 'title', 'parties', 'amount', 'currency', 'termUntil', 'status'] as const
export type TCardExportColumn = (typeof CARD_EXPORT_COLUMNS)[number]

export const CARD_COLUMN_LABELS: Record<TLang, Record<TCardExportColumn, string>> = {
  ru: { number: 'Номер', date: 'Дата', type: 'Вид документа', title: 'Наименование', parties: 'Стороны', amount: 'Сумма', currency: 'Валюта', termUntil: 'Срок действия до', status: 'Статус' },
  kk: { number: 'Нөмірі', date: 'Күні', type: 'Құжат түрі', title: 'Атауы', parties: 'Тараптар', amount: 'Сомасы', currency: 'Валютасы', termUntil: 'Қолданылу мерзімі', status: 'Мәртебесі' },
  en: { number: 'Number', date: 'Date', type: 'Document type', title: 'Title', parties: 'Parties', amount: 'Amount', currency: 'Currency', termUntil: 'Valid until', status: 'Status' },
}

export const CARD_SHEET_NAME: Record<TLang, string> = { ru: 'Реестр документов', kk: 'Құжаттар тізілімі', en: 'Document register' }

export function cardStatusLabel(status: TCardStatus, lang: string): string {
  return (CARD_STATUS_LABELS[lang as TLang] ?? CARD_STATUS_LABELS.ru)[status]
}

/** The badge colour of each status, the same on every page. */
export const CARD_STATUS_COLOR: Record<TCardStatus, 'neutral' | 'info' | 'warning' | 'success' | 'error'> = {
  draft: 'neutral',
  sent: 'info',
  partially_signed: 'warning',
  signed: 'success',
  declined: 'error',
  expired: 'neutral',
  terminated: 'error',
}
