import { useDb } from '../../lib/db'
import type { TAuthContext, TRequestMeta } from '../auth'
import { CARD_EXPORT_MAX, dictionaryLabel, type TCardExportQuery, type TDictionaryEntryView } from '../../../shared/registry'
import { CARD_COLUMN_LABELS, CARD_EXPORT_COLUMNS, CARD_SHEET_NAME, cardStatusLabel, type TCardExportColumn } from '../../../shared/registry-texts'
import { REGISTRY_ROLES, registryMember } from './access'
import { registryError } from './errors'
import { cardOrder, cardWhere } from './list-cards'
import { toCardView } from './views'

export interface TExportFile {
  fileName: string
  bytes: Uint8Array
}

type TRow = Record<TCardExportColumn, string | number | null>

/** The filtered register as rows in the query's language (at most CARD_EXPORT_MAX, else 409 `too_many_rows`). */
async function exportRows(auth: TAuthContext, meta: TRequestMeta, query: Omit<TCardExportQuery, 'format'>): Promise<{ rows: TRow[]; workspaceName: string }> {
  const ctx = await registryMember(auth, query.workspaceId, meta, REGISTRY_ROLES.read)
  const db = useDb()
  const where = cardWhere(ctx.workspace.id, query)
  const total = await db.documentCard.count({ where })
  if (total > CARD_EXPORT_MAX) throw registryError('too_many_rows', `The export holds at most ${CARD_EXPORT_MAX} documents; narrow the filter (${total} match).`, { max: CARD_EXPORT_MAX, total })
  const [cards, types] = await Promise.all([
    db.documentCard.findMany({ where, orderBy: cardOrder(query.sort), include: { parties: true } }),
    db.dictionary.findMany({ where: { kind: 'document_type', OR: [{ workspaceId: null }, { workspaceId: ctx.workspace.id }] } }),
  ])
  const typeLabel = new Map(types.map((t) => [t.code, dictionaryLabel({ label: t.label as TDictionaryEntryView['label'] }, query.locale)]))
  const rows = cards.map(toCardView).map(
    (c): TRow => ({
      number: c.number,
      date: c.date,
      type: c.typeCode ? (typeLabel.get(c.typeCode) ?? c.typeCode) : null,
      title: c.title,
      parties: c.parties.map((p) => [p.name, p.taxId, p.role].filter(Boolean).join(', ')).join('; '),
      amount: c.amountMinor === null ? null : c.amountMinor / 100,
      currency: c.currency,
      termUntil: c.termUntil,
      status: cardStatusLabel(c.status, query.locale),
    }),
  )
  return { rows, workspaceName: ctx.workspace.name }
}

function fileName(ext: string): string {
  return `registry-${new Date().toISOString().slice(0, 10)}.${ext}`
}

/** A text cell a spreadsheet would run as a formula (=, +, -, @, tab, CR) is written with a leading apostrophe. */
export function csvCell(value: string | number | null): string {
  if (value === null) return ''
  let text = typeof value === 'number' ? value.toFixed(2) : value
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`
  return /[",;\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text
}

/** CSV (RFC 4180, comma, CRLF) with a UTF-8 BOM so Excel reads Cyrillic and Kazakh letters right. */
export async function exportCardsCsv(auth: TAuthContext, meta: TRequestMeta, query: Omit<TCardExportQuery, 'format'>): Promise<TExportFile> {
  const { rows } = await exportRows(auth, meta, query)
  const head = CARD_EXPORT_COLUMNS.map((c) => csvCell(CARD_COLUMN_LABELS[query.locale][c]))
  const lines = [head.join(','), ...rows.map((r) => CARD_EXPORT_COLUMNS.map((c) => csvCell(r[c])).join(','))]
  return { fileName: fileName('csv'), bytes: new TextEncoder().encode(`\uFEFF${lines.join('\r\n')}\r\n`) }
}

export async function exportCardsXlsx(auth: TAuthContext, meta: TRequestMeta, query: Omit<TCardExportQuery, 'format'>): Promise<TExportFile> {
  const { rows, workspaceName } = await exportRows(auth, meta, query)
  // Loaded when someone exports: the worker and most requests never need its megabytes.
  const { default: ExcelJS } = await import('exceljs')
  const book = new ExcelJS.Workbook()
  book.creator = 'Dogovor24'
  book.title = `${CARD_SHEET_NAME[query.locale]} — ${workspaceName}`
  const sheet = book.addWorksheet(CARD_SHEET_NAME[query.locale], { views: [{ state: 'frozen', ySplit: 1 }] })
  sheet.columns = CARD_EXPORT_COLUMNS.map((c) => ({
    header: CARD_COLUMN_LABELS[query.locale][c],
    key: c,
    width: c === 'title' || c === 'parties' ? 48 : c === 'type' || c === 'status' ? 22 : 14,
    ...(c === 'amount' ? { style: { numFmt: '#,##0.00' } } : {}),
  }))
  sheet.getRow(1).font = { bold: true }
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: CARD_EXPORT_COLUMNS.length } }
  for (const r of rows) sheet.addRow(r)
  const buffer = await book.xlsx.writeBuffer()
  return { fileName: fileName('xlsx'), bytes: new Uint8Array(buffer as ArrayBuffer) }
}
