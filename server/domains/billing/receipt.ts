import type { Invoice } from '../../generated/prisma/client'
import { PDFDocument, rgb, type PDFFont } from 'pdf-lib'
import { useConfig } from '../../lib/config'
import { useDb } from '../../lib/db'
import { AppError } from '../../lib/errors'
import { embedPdfFonts, pdfFonts } from '../../lib/pdf-text'
import { formatDate, REGION_TIME_ZONES } from '../../../shared/dates'
import { formatMoney } from '../../../shared/money'
import { RECEIPT_LANGUAGES, type TReceiptLanguage } from '../../../shared/billing-admin'
import { cardPaymentOf } from './admin-orders'
import { billingConflict } from './errors'
import { assertOrderAccess } from './orders'
import { getUsersByIds } from '../auth'
import { invoiceIdOf } from './epay-payments'

/**
 * The PDF receipt of a paid (or refunded) order, in the buyer's language: the seller
 * (BILLING_SELLER_*), the receipt number (the order's short id, with the Epay invoice id
 * when a card paid), the paid date, the lines, the total and how it was paid (balance,
 * card with its mask), what was refunded. Money is printed from integer minor units with
 * formatMoney, never through a float.
 *
 * The font: Liberation Sans (Debian's fonts-liberation2, which scripts/lib/env.mjs and the
 * LibreOffice image install) has Cyrillic and every Kazakh letter (ә ғ қ ң ө ұ ү һ і) but no
 * tenge sign ₸: that one glyph is drawn with DejaVu Sans when the machine has it, else the
 * amount says KZT. Without Liberation Sans the receipt answers 503 and says which file is missing.
 */


interface TTexts {
  title: string
  number: string
  seller: string
  taxId: { kz: string; ru: string }
  address: string
  buyer: string
  order: string
  paidAt: string
  status: string
  statusRefunded: string
  statusPartlyRefunded: string
  item: string
  qty: string
  unit: string
  amount: string
  discount: string
  total: string
  fromBalance: string
  byCard: string
  refunded: string
  currency: string
  currencyNames: Record<string, string>
  topup: string
  issued: (date: string) => string
  invoice: { title: string; number: string; bank: string; buyerCompany: string; purpose: (n: string) => string; note: string; issued: (date: string) => string }
}

const TEXTS: Record<TReceiptLanguage, TTexts> = {
  ru: {
    title: 'Квитанция об оплате',
    number: 'Квитанция №',
    seller: 'Продавец',
    taxId: { kz: 'БИН', ru: 'ИНН' },
    address: 'Адрес',
    buyer: 'Покупатель',
    order: 'Заказ',
    paidAt: 'Дата оплаты',
    status: 'Статус',
    statusRefunded: 'возвращён полностью',
    statusPartlyRefunded: 'оплачен, частично возвращён',
    item: 'Наименование',
    qty: 'Кол-во',
    unit: 'Цена',
    amount: 'Сумма',
    discount: 'Скидка',
    total: 'Итого',
    fromBalance: 'Оплачено с баланса',
    byCard: 'Оплачено картой',
    refunded: 'Возвращено',
    currency: 'Валюта',
    currencyNames: { KZT: 'казахстанский тенге', RUB: 'российский рубль' },
    topup: 'Пополнение баланса',
    issued: (d) => `Электронная квитанция сформирована ${d}.`,
    invoice: { title: 'Счёт на оплату', number: 'Счёт №', bank: 'Банковские реквизиты', buyerCompany: 'Покупатель', purpose: (n) => `Назначение платежа: оплата по счёту № ${n}`, note: 'Заказ будет выполнен после поступления денег на наш счёт.', issued: (d) => `Счёт выставлен ${d}.` },
  },
  kk: {
    title: 'Төлем туралы түбіртек',
    number: 'Түбіртек №',
    seller: 'Сатушы',
    taxId: { kz: 'БСН', ru: 'СТН' },
    address: 'Мекенжайы',
    buyer: 'Сатып алушы',
    order: 'Тапсырыс',
    paidAt: 'Төленген күні',
    status: 'Күйі',
    statusRefunded: 'толық қайтарылды',
    statusPartlyRefunded: 'төленді, ішінара қайтарылды',
    item: 'Атауы',
    qty: 'Саны',
    unit: 'Бағасы',
    amount: 'Сомасы',
    discount: 'Жеңілдік',
    total: 'Барлығы',
    fromBalance: 'Баланстан төленді',
    byCard: 'Картамен төленді',
    refunded: 'Қайтарылды',
    currency: 'Валюта',
    currencyNames: { KZT: 'қазақстандық теңге', RUB: 'ресей рублі' },
    topup: 'Балансты толтыру',
    issued: (d) => `Электрондық түбіртек ${d} жасалды.`,
    invoice: { title: 'Төлем шоты', number: 'Шот №', bank: 'Банк деректемелері', buyerCompany: 'Сатып алушы', purpose: (n) => `Төлем мақсаты: № ${n} шот бойынша төлем`, note: 'Тапсырыс ақша біздің шотқа түскеннен кейін орындалады.', issued: (d) => `Шот ${d} жасалды.` },
  },
  en: {
    title: 'Payment receipt',
    number: 'Receipt No.',
    seller: 'Seller',
    taxId: { kz: 'BIN', ru: 'INN' },
    address: 'Address',
    buyer: 'Buyer',
    order: 'Order',
    paidAt: 'Paid on',
    status: 'Status',
    statusRefunded: 'refunded in full',
    statusPartlyRefunded: 'paid, partly refunded',
    item: 'Item',
    qty: 'Qty',
    unit: 'Unit price',
    amount: 'Amount',
    discount: 'Discount',
    total: 'Total',
    fromBalance: 'Paid from the balance',
    byCard: 'Paid by card',
    refunded: 'Refunded',
    currency: 'Currency',
    currencyNames: { KZT: 'Kazakhstani tenge', RUB: 'Russian rouble' },
    topup: 'Balance top-up',
    issued: (d) => `Electronic receipt issued on ${d}.`,
    invoice: { title: 'Invoice', number: 'Invoice No.', bank: 'Bank details', buyerCompany: 'Buyer', purpose: (n) => `Payment reference: invoice No. ${n}`, note: 'The order is fulfilled once the money reaches our account.', issued: (d) => `Invoice issued on ${d}.` },
  },
}

export function receiptLanguage(asked: TReceiptLanguage | undefined, personLocale: string | null | undefined): TReceiptLanguage {
  if (asked) return asked
  const own = (personLocale ?? '').toLowerCase().split(/[-_]/)[0]
  return (RECEIPT_LANGUAGES as readonly string[]).includes(own ?? '') ? (own as TReceiptLanguage) : 'ru'
}

/** Text drawn with the main font, falling back per character to the symbol font for what the main one lacks. */
export interface TReceiptFile {
  fileName: string
  pdf: Uint8Array
}

/**
 * The person's own receipt: another person's order is not found (404), an order that is not
 * paid or refunded has none (409), a server without the font answers 503.
 */
export async function orderReceipt(
  buyer: { id: string; locale?: string | null; email?: string | null; phone?: string | null },
  orderId: string,
  asked?: TReceiptLanguage,
  invoice?: Pick<Invoice, 'number' | 'companyName' | 'taxId' | 'address'>,
): Promise<TReceiptFile> {
  // A company order's receipt is for any of the workspace's owners and admins; it names the
  // admin who placed the order, whoever downloads it.
  const o = await assertOrderAccess(
    buyer.id,
    await useDb().order.findUnique({
      where: { id: orderId },
      include: { lines: true, events: { orderBy: { id: 'asc' } }, payments: { orderBy: { seq: 'asc' } } },
    }),
  )
  const placer = o.userId === buyer.id ? buyer : ((await getUsersByIds([o.userId]))[0] ?? { email: null, phone: null })
  if (!invoice && o.status !== 'paid' && o.status !== 'refunded') throw billingConflict('receipt_not_paid', 'A receipt is issued once the order is paid.')
  const files = await pdfFonts(() =>
    new AppError('UNAVAILABLE', 'Receipts cannot be printed: the font LiberationSans-Regular.ttf is not installed on the server (Debian package fonts-liberation2).', {
      messageKey: 'errors.billing.receipt_unavailable',
      retryAfter: 3600,
    }),
  )

  const cfg = useConfig()
  const lang = receiptLanguage(asked, buyer.locale)
  const t = TEXTS[lang]
  const tz = REGION_TIME_ZONES[cfg.REGION]
  const card = cardPaymentOf(o)
  const short = o.id.slice(0, 8)
  const number = invoice ? String(invoice.number) : `${short.toUpperCase()}${card ? `-${invoiceIdOf(card)}` : ''}`

  const doc = await PDFDocument.create()
  const { regular, bold, w } = await embedPdfFonts(doc, files)
  const money = (minor: number) => {
    const s = formatMoney(minor, o.currency, lang)
    return w.canDraw(s, regular) ? s : s.replace(/[^\d\s\u00a0.,−-]+$/u, o.currency)
  }

  const now = new Date()
  doc.setTitle(`${t.number} ${number}`)
  doc.setAuthor(cfg.BILLING_SELLER_NAME)
  doc.setCreator('Dogovor24')
  doc.setProducer('Dogovor24')
  doc.setLanguage(lang === 'kk' ? 'kk-KZ' : lang === 'ru' ? 'ru-RU' : 'en')
  doc.setCreationDate(now)
  doc.setModificationDate(now)

  const A4: [number, number] = [595.28, 841.89]
  const left = 50
  const right = A4[0] - 50
  const bottom = 60
  let page = doc.addPage(A4)
  let y = A4[1] - 60
  const room = (h: number) => {
    if (y - h >= bottom) return
    page = doc.addPage(A4)
    y = A4[1] - 60
  }

  w.draw(page, invoice ? t.invoice.title : t.title, left, y, bold, 18)
  y -= 24
  w.draw(page, `${invoice ? t.invoice.number : t.number} ${number}`, left, y, regular, 11, 0.25)
  y -= 28

  const labelWidth = 130
  const field = (label: string, value: string, font = regular) => {
    const lines = w.wrap(value, font, 10.5, right - left - labelWidth)
    room(lines.length * 14)
    w.draw(page, label, left, y, regular, 10.5, 0.4)
    for (const line of lines) {
      w.draw(page, line, left + labelWidth, y, font, 10.5)
      y -= 14
    }
    y -= 2
  }
  field(t.seller, cfg.BILLING_SELLER_NAME, bold)
  field(t.taxId[cfg.REGION], cfg.BILLING_SELLER_TAX_ID)
  field(t.address, cfg.BILLING_SELLER_ADDRESS)
  if (invoice) field(t.invoice.bank, cfg.BILLING_SELLER_BANK)
  y -= 6
  if (invoice) {
    field(t.invoice.buyerCompany, invoice.companyName, bold)
    field(t.taxId[cfg.REGION], invoice.taxId)
    if (invoice.address) field(t.address, invoice.address)
  } else {
    const buyerName = placer.email || placer.phone
    if (buyerName) field(t.buyer, buyerName)
  }
  field(t.order, o.id)
  if (o.paidAt) field(t.paidAt, formatDate(o.paidAt, lang, tz, 'datetime'))
  if (o.status === 'refunded') field(t.status, t.statusRefunded)
  else if (o.refundedMinor > 0) field(t.status, t.statusPartlyRefunded)
  y -= 10

  // The lines: title (wrapped) | qty | unit price | amount, the numbers right-aligned.
  const cols = { qty: left + 320, unit: left + 405, amount: right }
  const rightAt = (text: string, x: number, font: PDFFont, size: number) => w.draw(page, text, x - w.width(text, font, size), y, font, size)
  const header = () => {
    room(40)
    page.drawLine({ start: { x: left, y: y + 14 }, end: { x: right, y: y + 14 }, thickness: 0.6, color: rgb(0.6, 0.6, 0.6) })
    w.draw(page, t.item, left, y, bold, 10)
    rightAt(t.qty, cols.qty, bold, 10)
    rightAt(t.unit, cols.unit, bold, 10)
    rightAt(t.amount, cols.amount, bold, 10)
    y -= 6
    page.drawLine({ start: { x: left, y }, end: { x: right, y }, thickness: 0.6, color: rgb(0.6, 0.6, 0.6) })
    y -= 14
  }
  header()
  for (const line of o.lines) {
    const title = line.kind === 'topup' ? t.topup : line.title
    const wrapped = w.wrap(title, regular, 10, cols.qty - left - 60)
    if (y - wrapped.length * 13 < bottom) {
      room(wrapped.length * 13 + 40)
      header()
    }
    rightAt(String(line.quantity), cols.qty, regular, 10)
    rightAt(money(line.unitMinor), cols.unit, regular, 10)
    rightAt(money(line.amountMinor), cols.amount, regular, 10)
    for (const part of wrapped) {
      w.draw(page, part, left, y, regular, 10)
      y -= 13
    }
    y -= 3
  }
  page.drawLine({ start: { x: left, y: y + 8 }, end: { x: right, y: y + 8 }, thickness: 0.6, color: rgb(0.6, 0.6, 0.6) })
  y -= 8

  const sum = (label: string, minor: number, font = regular, size = 10.5) => {
    room(18)
    w.draw(page, label, left, y, font, size)
    rightAt(money(minor), cols.amount, font, size)
    y -= size + 6
  }
  // What the lines add up to above the total was taken off (a promo code): said, so the sums agree.
  const discount = o.lines.reduce((n, l) => n + l.amountMinor, 0) - o.totalMinor
  if (discount > 0) sum(t.discount, -discount)
  sum(t.total, o.totalMinor, bold, 12)
  if (o.balanceMinor > 0) sum(t.fromBalance, o.balanceMinor)
  const cardMinor = o.totalMinor - o.balanceMinor
  if (cardMinor > 0 && !invoice) sum(card?.cardMask ? `${t.byCard} (${card.cardMask})` : t.byCard, cardMinor)
  if (o.refundedMinor > 0) sum(t.refunded, o.refundedMinor, bold)
  room(18)
  w.draw(page, `${t.currency}: ${o.currency} (${t.currencyNames[o.currency] ?? o.currency})`, left, y, regular, 10.5, 0.25)
  y -= 30
  if (invoice) {
    room(36)
    w.draw(page, t.invoice.purpose(number), left, y, bold, 10.5)
    y -= 16
    w.draw(page, t.invoice.note, left, y, regular, 10, 0.3)
    y -= 24
  }
  room(14)
  w.draw(page, (invoice ? t.invoice.issued : t.issued)(formatDate(now, lang, tz, 'datetime')), left, y, regular, 9, 0.45)

  return { fileName: invoice ? `invoice-${number}.pdf` : `receipt-${short}.pdf`, pdf: await doc.save() }
}
