import { Readable } from 'node:stream'
import { publish, stagedListener } from '../../events'
import type { TEventPayload, TListenerMeta, TWorkInfo } from '../../events'
import { DEFAULT_JOB_OPTIONS } from '../../events/queues'
import { useDb } from '../../lib/db'
import { useLogger } from '../../lib/log'
import { OfficeError, useConverter } from '../../lib/office'
import { generateObjectKey, putObjectStream } from '../../lib/storage'
import type { TRegionCode } from '../../../shared/locales'
import { ZQuestionnaireSchema } from '../../../shared/questionnaire'
import { resolveValues } from '../../../shared/questionnaire-values'
import { ZTemplateBodySchema, type TWordLang } from '../../../shared/template-body'
import type { TLocalizedText } from '../../../shared/questionnaire'
import { renderDocx } from './render-docx'

const log = useLogger('document')

export interface TPdfConverter {
  toPdf(docx: Uint8Array): Promise<Buffer>
}

let converter: TPdfConverter | null = null

/**
 * The converter PDFs go through: the worker's warm pool (useConverter) unless another is
 * set (a test sets one with a tiny timeout to prove a failed conversion stores nothing).
 */
export function setPdfConverter(c: TPdfConverter | null): void {
  converter = c
}

const LAST_ATTEMPT = DEFAULT_JOB_OPTIONS.attempts ?? 1

const CONTENT_TYPES = {
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  pdf: 'application/pdf',
} as const

/**
 * The language of the text outside bilingual columns (words, yes/no, option labels) and of
 * the document's title: what was asked for when the template has it. A bilingual template
 * prints both columns whatever is asked; one that is not prints its own (Russian) text, so a
 * Kazakh request of it gets Russian rather than a half-translated document.
 */
export function documentLang(bilingual: boolean, locale: string | undefined): TWordLang {
  return bilingual && locale === 'kk' ? 'kk' : 'ru'
}

type TWork = { kind: 'skip' } | { kind: 'failed'; code: string; error: unknown } | { kind: 'stored'; key: string; size: number }

/**
 * The slow part, with no transaction open: render the filling's version with its answers,
 * convert to PDF when asked, store the file. A conversion that times out or that LibreOffice
 * cannot do comes back as `failed` with the OfficeError code (nothing stored, no retry: the
 * person asks again). A converter that is down or busy (`unavailable`) throws, so the job
 * retries; on the last attempt it is `failed` with that code.
 */
async function work(payload: TEventPayload<'DocumentRequested'>, info: TWorkInfo): Promise<TWork> {
  const row = await useDb().generatedDocument.findUnique({ where: { id: payload.documentId }, include: { filling: { include: { version: true } } } })
  // Handled already (ready or failed) or gone with its filling: nothing to do.
  if (!row || row.status !== 'pending') return { kind: 'skip' }
  const version = row.filling.version
  let bytes: Buffer
  try {
    const q = ZQuestionnaireSchema.parse(version.questionnaire)
    const body = ZTemplateBodySchema.parse(version.body)
    const values = resolveValues(q, row.filling.answers as Record<string, unknown>, { region: version.region as TRegionCode })
    const lang = documentLang(version.bilingual, payload.locale)
    const title = version.title as TLocalizedText
    bytes = renderDocx(body, values, { lang, questionnaire: q, title: (lang === 'kk' && title.kk) || title.ru })
  } catch (e) {
    return { kind: 'failed', code: 'render_failed', error: e }
  }
  if (row.format === 'pdf') {
    try {
      bytes = await (converter ?? useConverter()).toPdf(bytes)
    } catch (e) {
      if (e instanceof OfficeError && (e.code === 'timeout' || e.code === 'failed')) return { kind: 'failed', code: e.code, error: e }
      // Down or busy: the job retries; on its last attempt the row says so instead of staying pending.
      if (e instanceof OfficeError && info.attempt >= LAST_ATTEMPT) return { kind: 'failed', code: e.code, error: e }
      throw e
    }
  }
  const key = generateObjectKey(`documents/${row.fillingId}`, row.format)
  // Stored before the row says ready: a crash or a redelivery between the two leaves an
  // unreferenced object (the job runs again and stores another), never a ready row without its file.
  await putObjectStream(key, Readable.from(bytes), bytes.length, CONTENT_TYPES[row.format])
  return { kind: 'stored', key, size: bytes.length }
}

/** The short part, in the receipt's transaction: mark the row ready (publishing DocumentGenerated) or failed. */
async function apply(payload: TEventPayload<'DocumentRequested'>, meta: TListenerMeta, done: TWork): Promise<void> {
  if (done.kind === 'skip') return
  const tx = meta.tx
  const row = await tx.generatedDocument.findUnique({
    where: { id: payload.documentId },
    include: { filling: { select: { userId: true, workspaceId: true, version: { select: { title: true } } } } },
  })
  if (!row || row.status !== 'pending') return
  if (done.kind === 'failed') {
    log.warn('document not generated', { documentId: row.id, errorCode: done.code, err: done.error instanceof Error ? done.error.message : String(done.error) })
    await tx.generatedDocument.update({ where: { id: row.id }, data: { status: 'failed', errorCode: done.code } })
    return
  }
  const firstReady = (await tx.generatedDocument.count({ where: { fillingId: row.fillingId, status: 'ready' } })) === 0
  await tx.generatedDocument.update({ where: { id: row.id }, data: { status: 'ready', s3Key: done.key, size: done.size } })
  if (firstReady) {
    // The filling's first document registers it (registry numbers it); later formats and regenerations are the same document.
    const title = row.filling.version.title as { ru: string; kk?: string; en?: string }
    await publish(tx, 'CreateDocumentCard', {
      documentId: row.id,
      fillingId: row.fillingId,
      workspaceId: row.filling.workspaceId,
      ownerId: row.filling.userId,
      title: (title[payload.locale ?? 'ru'] || title.ru).slice(0, 500),
    })
  }
  await publish(tx, 'DocumentGenerated', {
    documentId: row.id,
    fillingId: row.fillingId,
    userId: row.filling.userId,
    workspaceId: row.filling.workspaceId,
    format: row.format,
    key: done.key,
    size: done.size,
    fileName: row.fileName,
  })
}

/**
 * DocumentRequested in the worker, staged (server/events/listeners.ts): render, convert and
 * store with no transaction open, then a short one marks the row and publishes DocumentGenerated.
 */
export const generateDocument = stagedListener<'DocumentRequested', TWork>({ work, apply })
