import { publish } from '../../events'
import { useDb } from '../../lib/db'
import type { TDocumentFormat, TGeneratedDocumentView } from '../../../shared/document'
import type { TLocalizedText } from '../../../shared/questionnaire'
import { documentConflict, documentNotFound } from './errors'
import { documentFileName } from './file-name'
import { ownFilling } from './filling-access'
import { toGeneratedView } from './views'

/** Today in the region's calendar is close enough for a file name: UTC's date. */
const today = () => new Date().toISOString().slice(0, 10)

/**
 * Asks for a complete filling as DOCX or PDF: a `pending` row and DocumentRequested in one
 * transaction; the worker renders it (listeners.ts). A failed one stays failed: asking again
 * makes a new request.
 */
export async function requestDocument(userId: string, fillingId: string, format: TDocumentFormat, locale?: 'ru' | 'kk' | 'en'): Promise<TGeneratedDocumentView> {
  return useDb().$transaction(async (tx) => {
    const f = await ownFilling(tx, userId, fillingId)
    if (f.status !== 'complete') throw documentConflict('filling_not_complete', 'Complete the questionnaire first.')
    const title = (f.version.title as TLocalizedText).ru
    const row = await tx.generatedDocument.create({ data: { fillingId, format, fileName: documentFileName(title, today(), format) } })
    await publish(tx, 'DocumentRequested', { documentId: row.id, fillingId, format, ...(locale ? { locale } : {}) })
    return toGeneratedView(row)
  })
}

/** One generated document of the caller's (its status while pending, then ready or failed). */
export async function getGeneratedDocument(userId: string, fillingId: string, documentId: string): Promise<TGeneratedDocumentView> {
  const db = useDb()
  await ownFilling(db, userId, fillingId)
  const row = await db.generatedDocument.findFirst({ where: { id: documentId, fillingId } })
  if (!row) throw documentNotFound('document')
  return toGeneratedView(row)
}

export async function listGeneratedDocuments(userId: string, fillingId: string): Promise<TGeneratedDocumentView[]> {
  const db = useDb()
  await ownFilling(db, userId, fillingId)
  const rows = await db.generatedDocument.findMany({ where: { fillingId }, orderBy: { createdAt: 'desc' }, take: 100 })
  return rows.map(toGeneratedView)
}
