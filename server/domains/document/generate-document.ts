import { Readable } from 'node:stream'
import type { TListenerMeta } from '../../events'
import { publish } from '../../events'
import { DEFAULT_JOB_OPTIONS } from '../../events/queues'
import type { TEventPayload } from '../../events'
import { useLogger } from '../../lib/log'
import { OfficeError, useConverter } from '../../lib/office'
import { generateObjectKey, putObjectStream } from '../../lib/storage'
import type { TRegionCode } from '../../../shared/locales'
import { ZQuestionnaireSchema } from '../../../shared/questionnaire'
import { resolveValues } from '../../../shared/questionnaire-values'
import { ZTemplateBodySchema } from '../../../shared/template-body'
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
 * DocumentRequested in the worker: render the filling's version with its answers, convert
 * to PDF when asked, store the file, mark the row ready and publish DocumentGenerated.
 * A conversion that times out or that LibreOffice cannot do marks the row failed with the
 * OfficeError code and stores nothing (no retry: the person asks again). A converter that
 * is down or busy (`unavailable`) throws, so the job retries; after the last attempt the
 * row is failed with that code.
 */
export async function generateDocument(payload: TEventPayload<'DocumentRequested'>, meta: TListenerMeta): Promise<void> {
  const tx = meta.tx
  const row = await tx.generatedDocument.findUnique({ where: { id: payload.documentId }, include: { filling: { include: { version: true } } } })
  // Handled already (ready or failed) or gone with its filling: nothing to do.
  if (!row || row.status !== 'pending') return
  const fail = async (errorCode: string, e: unknown) => {
    log.warn('document not generated', { documentId: row.id, errorCode, err: e instanceof Error ? e.message : String(e) })
    await tx.generatedDocument.update({ where: { id: row.id }, data: { status: 'failed', errorCode } })
  }
  const version = row.filling.version
  let bytes: Buffer
  try {
    const q = ZQuestionnaireSchema.parse(version.questionnaire)
    const body = ZTemplateBodySchema.parse(version.body)
    const values = resolveValues(q, row.filling.answers as Record<string, unknown>, { region: version.region as TRegionCode })
    bytes = renderDocx(body, values, { lang: 'ru', questionnaire: q, title: (version.title as TLocalizedText).ru })
  } catch (e) {
    return fail('render_failed', e)
  }
  if (row.format === 'pdf') {
    try {
      bytes = await (converter ?? useConverter()).toPdf(bytes)
    } catch (e) {
      if (e instanceof OfficeError && (e.code === 'timeout' || e.code === 'failed')) return fail(e.code, e)
      // Down or busy: the job retries; on its last attempt the row says so instead of staying pending.
      if (e instanceof OfficeError && meta.attempt >= LAST_ATTEMPT) return fail(e.code, e)
      throw e
    }
  }
  const key = generateObjectKey(`documents/${row.fillingId}`, row.format)
  // Stored before the row says ready: a crash between the two leaves an unreferenced object
  // (the job runs again and stores another), never a ready row without its file.
  await putObjectStream(key, Readable.from(bytes), bytes.length, CONTENT_TYPES[row.format])
  await tx.generatedDocument.update({ where: { id: row.id }, data: { status: 'ready', s3Key: key, size: bytes.length } })
  await publish(tx, 'DocumentGenerated', {
    documentId: row.id,
    fillingId: row.fillingId,
    userId: row.filling.userId,
    workspaceId: row.filling.workspaceId,
    format: row.format,
    key,
    size: bytes.length,
    fileName: row.fileName,
  })
}
