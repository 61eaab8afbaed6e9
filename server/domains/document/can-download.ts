import { useDb } from '../../lib/db'
import { consume, userSubject } from '../subscription'
import { presignGet } from '../../lib/storage'
import type { TFillingRow } from './filling-access'
import { ownFilling } from './filling-access'
import { documentConflict, documentForbidden, documentNotFound } from './errors'

export type TDownloadDecision = { ok: true } | { ok: false; reason: 'payment_required'; priceMinor: number; currency: string | null }

/**
 * Whether the user may download what a filling generates. The price is the one frozen in
 * the filling's version (`price_minor`, 0 = free): a free document downloads; a paid one
 * once it was bought (`paid_at`, set when billing's OrderPaid names the filling), else it
 * is refused with `payment_required` and its price. A plan with document downloads left
 * unlocks it instead (`unlockWithPlan`, called by the download itself).
 */
export async function canDownload(_userId: string, filling: Pick<TFillingRow, 'version' | 'paidAt'>): Promise<TDownloadDecision> {
  const { priceMinor, currency } = filling.version
  if (priceMinor === 0 || filling.paidAt) return { ok: true }
  return { ok: false, reason: 'payment_required', priceMinor, currency }
}

/** Download link valid for a few minutes (the browser gets the file from S3, named for people). */
export const DOWNLOAD_TTL_SECONDS = 300

export async function downloadDocument(userId: string, fillingId: string, documentId: string): Promise<{ url: string; expiresAt: string; fileName: string }> {
  const db = useDb()
  const f = await ownFilling(db, userId, fillingId)
  const row = await db.generatedDocument.findFirst({ where: { id: documentId, fillingId } })
  if (!row) throw documentNotFound('document')
  if (row.status !== 'ready' || !row.s3Key) throw documentConflict('document_not_ready', 'The document is not ready.', { status: row.status })
  const decision = await canDownload(userId, f)
  if (!decision.ok && !(await unlockWithPlan(userId, fillingId))) {
    throw documentForbidden('payment_required', 'This document is paid; pay for it to download.', { priceMinor: decision.priceMinor, currency: decision.currency })
  }
  const signed = await presignGet(row.s3Key, { expiresSec: DOWNLOAD_TTL_SECONDS, filename: row.fileName })
  return { url: signed.url, expiresAt: signed.expiresAt.toISOString(), fileName: row.fileName }
}

/**
 * A paid document downloaded on a plan: one use of the plan's `documents.download` for this
 * period, and the filling is unlocked for good (paid_at), both in one transaction so a use is
 * never counted without the document it paid for. False when the plan has none left.
 */
async function unlockWithPlan(userId: string, fillingId: string): Promise<boolean> {
  return useDb().$transaction(async (tx) => {
    const used = await consume(tx, userSubject(userId), 'documents.download', { ref: `filling:${fillingId}` })
    if (!used.ok) return false
    await tx.filling.updateMany({ where: { id: fillingId, userId, paidAt: null }, data: { paidAt: new Date() } })
    return true
  })
}
