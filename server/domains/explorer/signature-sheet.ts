import QRCode from 'qrcode'
import { PDFDocument, rgb, type PDFFont, type PDFPage } from 'pdf-lib'
import { useConfig } from '../../lib/config'
import { useDb } from '../../lib/db'
import { AppError } from '../../lib/errors'
import { embedPdfFonts, pdfFonts } from '../../lib/pdf-text'
import { siteUrl } from '../../lib/site-url'
import type { TAuthContext, TRequestMeta } from '../auth'
import { formatDate, REGION_TIME_ZONES } from '../../../shared/dates'
import type { TSheetLanguage } from '../../../shared/explorer'
import { EXPLORER_ROLES, openFile } from './access'
import { explorerError } from './errors'
import { readAll } from './sign-file'

/**
 * The signature sheet ("лист подписания"): one or more A4 pages that name the document
 * (name, version, size, SHA-256), its public verification page as a link and a QR code,
 * and every signature of the current version with the signer's certificate data, the time
 * and what the checks found when it was stored. Downloaded on its own or appended to the
 * PDF itself (a printed copy then carries its signatures). Members who may read the file.
 */

const TEXTS: Record<TSheetLanguage, Record<string, string>> = {
  ru: {
    title: 'Лист подписания',
    document: 'Документ',
    version: 'Версия',
    size: 'Размер, байт',
    sha256: 'Контрольная сумма SHA-256',
    verify: 'Проверить подписи: откройте ссылку или отсканируйте QR-код',
    signer: 'Подписант',
    iin: 'ИИН',
    bin: 'БИН',
    organization: 'Организация',
    signedAt: 'Время подписи',
    certificate: 'Сертификат',
    valid: 'действителен',
    issuer: 'Издатель',
    good: 'Отзыв проверен: сертификат не отозван',
    revoked: 'Сертификат отозван',
    not_checked: 'Отзыв не проверен (нет связи с НУЦ)',
    footer: 'Каждая подпись проверена по этому файлу (SHA-256 выше) и цепочке до корня НУЦ РК при сохранении. Сформировано Dogovor24',
  },
  kk: {
    title: 'Қол қою парағы',
    document: 'Құжат',
    version: 'Нұсқа',
    size: 'Өлшемі, байт',
    sha256: 'SHA-256 бақылау сомасы',
    verify: 'Қолтаңбаларды тексеру: сілтемені ашыңыз немесе QR-кодты сканерлеңіз',
    signer: 'Қол қоюшы',
    iin: 'ЖСН',
    bin: 'БСН',
    organization: 'Ұйым',
    signedAt: 'Қол қойылған уақыт',
    certificate: 'Сертификат',
    valid: 'жарамды',
    issuer: 'Беруші',
    good: 'Кері қайтарылуы тексерілді: сертификат кері қайтарылмаған',
    revoked: 'Сертификат кері қайтарылған',
    not_checked: 'Кері қайтарылуы тексерілмеді (ҰКО-мен байланыс жоқ)',
    footer: 'Әр қолтаңба сақталғанда осы файл (жоғарыдағы SHA-256) және ҚР ҰКО түбіріне дейінгі тізбек бойынша тексерілді. Dogovor24 құрастырды',
  },
  en: {
    title: 'Signature sheet',
    document: 'Document',
    version: 'Version',
    size: 'Size, bytes',
    sha256: 'SHA-256 checksum',
    verify: 'Check the signatures: open the link or scan the QR code',
    signer: 'Signer',
    iin: 'IIN',
    bin: 'BIN',
    organization: 'Organisation',
    signedAt: 'Signed at',
    certificate: 'Certificate',
    valid: 'valid',
    issuer: 'Issuer',
    good: 'Revocation checked: the certificate is not revoked',
    revoked: 'The certificate is revoked',
    not_checked: 'Revocation not checked (the NCA could not be reached)',
    footer: 'Each signature was verified against this file (the SHA-256 above) and the chain to the NCA root when it was stored. Made by Dogovor24',
  },
}

const A4 = { width: 595.28, height: 841.89 }
const MARGIN = 48

function sheetUnavailable(): AppError {
  return new AppError('UNAVAILABLE', 'The signature sheet cannot be printed: the font LiberationSans-Regular.ttf is not installed on the server.', {
    messageKey: 'errors.explorer.sheet_unavailable',
    retryAfter: 3600,
  })
}

/** A QR code drawn as squares (vector: sharp at any print size). */
function drawQr(page: PDFPage, text: string, x: number, top: number, size: number): void {
  const qr = QRCode.create(text, { errorCorrectionLevel: 'M' })
  const n = qr.modules.size
  const cell = size / n
  for (let r = 0; r < n; r++) {
    for (let c = 0; c < n; c++) {
      if (qr.modules.get(r, c)) page.drawRectangle({ x: x + c * cell, y: top - (r + 1) * cell, width: cell, height: cell, color: rgb(0, 0, 0) })
    }
  }
}

export interface TSheetFile {
  fileName: string
  pdf: Uint8Array
}

/** The file's base name for the download, ASCII only (the header carries it as it is). */
function asciiName(name: string): string {
  const base = name.replace(/\.[^.]+$/, '')
  const ascii = base.normalize('NFKD').replace(/[^\w.-]+/g, '_').replace(/^_+|_+$/g, '')
  return ascii.slice(0, 80) || 'document'
}

export async function signatureSheet(auth: TAuthContext, meta: TRequestMeta, fileId: string, opts: { lang: TSheetLanguage; append: boolean }): Promise<TSheetFile> {
  const c = await openFile(auth, fileId, meta, EXPLORER_ROLES.read)
  if (c.current.status !== 'clean' || c.file.trashedAt) throw explorerError('not_clean', 'Only a clean file out of the trash has a signature sheet.')
  const signatures = await useDb().fileSignature.findMany({ where: { versionId: c.current.id }, orderBy: { createdAt: 'asc' } })
  if (signatures.length === 0 || !c.file.verifyCode) throw explorerError('no_signatures', 'This version has no signatures yet: there is nothing to put on a sheet.')
  if (opts.append && c.current.mimeType !== 'application/pdf') throw explorerError('not_pdf', 'The sheet can be appended to a PDF only: download it on its own.')

  const cfg = useConfig()
  const tz = REGION_TIME_ZONES[cfg.REGION]
  const t = TEXTS[opts.lang]
  const verifyUrl = siteUrl(`/verify/${c.file.verifyCode}`, opts.lang).toString()

  let doc: PDFDocument
  if (opts.append) {
    try {
      doc = await PDFDocument.load(await readAll(c.current.objectKey, cfg.EXPLORER_MAX_FILE_BYTES), { updateMetadata: false })
      // pdf-lib reads the page tree lazily: a damaged one fails here, not at addPage.
      if (doc.getPageCount() < 1) throw new Error('no pages')
    } catch {
      throw explorerError('pdf_unreadable', 'This PDF cannot be opened to append pages (it is encrypted or damaged): download the sheet on its own.')
    }
  } else {
    doc = await PDFDocument.create()
  }
  const { regular, bold, w } = await embedPdfFonts(doc, await pdfFonts(sheetUnavailable))
  const right = A4.width - MARGIN
  const width = right - MARGIN
  let page = doc.addPage([A4.width, A4.height])
  let y = A4.height - MARGIN

  const line = (text: string, font: PDFFont, size: number, opts2: { gray?: number; indent?: number; max?: number } = {}) => {
    for (const l of w.wrap(text, font, size, opts2.max ?? width - (opts2.indent ?? 0))) {
      if (y < MARGIN + size) newPage()
      w.draw(page, l, MARGIN + (opts2.indent ?? 0), y - size, font, size, opts2.gray ?? 0)
      y -= size + 4
    }
  }
  const newPage = () => {
    page = doc.addPage([A4.width, A4.height])
    y = A4.height - MARGIN
  }

  // Heading, the document, and the QR code on the right.
  const qrSize = 96
  const top = y
  line(t.title!, bold, 18, { max: width - qrSize - 16 })
  y -= 6
  const field = (label: string, value: string, mono = false) => {
    line(label, regular, 8, { gray: 0.4, max: width - qrSize - 16 })
    line(value, mono ? regular : bold, mono ? 8.5 : 10, { max: width - qrSize - 16 })
    y -= 2
  }
  field(t.document!, c.file.name)
  field(`${t.version!} · ${t.size!}`, `${c.current.number} · ${c.current.size}`)
  field(t.sha256!, c.current.sha256 ?? '—', true)
  drawQr(page, verifyUrl, right - qrSize, top, qrSize)
  y = Math.min(y, top - qrSize - 8)
  line(t.verify!, regular, 8, { gray: 0.4 })
  line(verifyUrl, regular, 9)
  y -= 8

  signatures.forEach((s, i) => {
    const rows: [string, string][] = [
      ...(s.iin ? [[t.iin!, s.iin] as [string, string]] : []),
      ...(s.bin ? [[t.bin!, s.bin] as [string, string]] : []),
      ...(s.organization ? [[t.organization!, s.organization] as [string, string]] : []),
      [t.signedAt!, s.signedAt ? formatDate(s.signedAt, opts.lang, tz, 'datetime') : '—'],
      [t.certificate!, `№ ${s.serialNumber}, ${t.valid!} ${formatDate(s.notBefore, opts.lang, tz)} — ${formatDate(s.notAfter, opts.lang, tz)}`],
      [t.issuer!, s.issuerDn],
    ]
    // Keep a signature's block on one page when it fits on a fresh one.
    const need = 24 + rows.length * 26 + 20
    if (y - need < MARGIN && need < A4.height - 2 * MARGIN) newPage()
    page.drawLine({ start: { x: MARGIN, y: y - 2 }, end: { x: right, y: y - 2 }, thickness: 0.6, color: rgb(0.7, 0.7, 0.7) })
    y -= 10
    line(`${i + 1}. ${s.commonName ?? '—'}`, bold, 11)
    for (const [label, value] of rows) {
      line(label, regular, 8, { gray: 0.4, indent: 12 })
      line(value, regular, 9.5, { indent: 12 })
    }
    line(t[s.revocation === 'good' || s.revocation === 'revoked' ? s.revocation : 'not_checked']!, regular, 8.5, { indent: 12, gray: s.revocation === 'revoked' ? 0 : 0.35 })
    y -= 6
  })
  y -= 6
  line(`${t.footer!} · ${formatDate(new Date(), opts.lang, tz, 'datetime')}`, regular, 7.5, { gray: 0.45 })

  const pdf = await doc.save()
  return { fileName: `${asciiName(c.file.name)}-${opts.append ? 'signed' : 'signatures'}.pdf`, pdf }
}

