import { createHash } from 'node:crypto'
import { Transform } from 'node:stream'
import { stagedListener } from '../../events'
import { ScanTooLargeError, scanStream } from '../../lib/antivirus'
import { useDb } from '../../lib/db'
import { useLogger } from '../../lib/log'
import { getObjectStream } from '../../lib/storage'
import { notifyFileChanged } from './signals'
import { UNSCANNED_TOO_LARGE } from '../../../shared/explorer'

const log = useLogger('explorer')

type TScanOutcome = { verdict: 'clean'; sha256: string } | { verdict: 'infected'; threat: string } | null

/**
 * FileUploaded → the antivirus. The bytes stream from S3 through a SHA-256 into clamd
 * (INSTREAM), with no transaction open; then the version becomes clean (with its hash,
 * which signing checks against) or infected (kept, but no route serves it; the owner
 * sees the threat's name). A version larger than the scanner takes is quarantined the same
 * way as UNSCANNED_TOO_LARGE (fail closed). clamd unreachable: the job fails and is retried, the file
 * stays `scanning`, which nobody but its uploader may download.
 */
export const scanUploadedFile = stagedListener<'FileUploaded', TScanOutcome>({
  async work(payload) {
    const version = await useDb().fileVersion.findUnique({ where: { objectKey: payload.key }, select: { status: true } })
    if (version?.status !== 'scanning') return null
    const hash = createHash('sha256')
    const tap = new Transform({
      transform(chunk: Buffer, _enc, done) {
        hash.update(chunk)
        done(null, chunk)
      },
    })
    const source = await getObjectStream(payload.key)
    source.on('error', (e) => tap.destroy(e))
    let verdict
    try {
      verdict = await scanStream(source.pipe(tap))
    } catch (e) {
      // Retrying cannot make it smaller: quarantined as unscanned, and the owner is told why.
      if (!(e instanceof ScanTooLargeError)) throw e
      log.warn('upload too large to scan: quarantined', { fileId: payload.fileId, err: e.message })
      return { verdict: 'infected', threat: UNSCANNED_TOO_LARGE }
    } finally {
      source.destroy()
    }
    if (verdict.verdict === 'infected') return { verdict: 'infected', threat: verdict.signature }
    return { verdict: 'clean', sha256: hash.digest('hex') }
  },
  async apply(payload, { tx }, outcome) {
    if (!outcome) return
    const done = await tx.fileVersion.updateMany({
      where: { objectKey: payload.key, status: 'scanning' },
      data:
        outcome.verdict === 'clean'
          ? { status: 'clean', sha256: outcome.sha256, scannedAt: new Date() }
          : { status: 'infected', threat: outcome.threat.slice(0, 255), scannedAt: new Date() },
    })
    if (done.count > 0 && outcome.verdict === 'infected') log.warn('infected upload quarantined', { fileId: payload.fileId, threat: outcome.threat })
  },
  async settled(payload, outcome) {
    if (!outcome) return
    const file = await useDb().file.findUnique({ where: { id: payload.fileId }, select: { workspaceId: true } })
    if (file) notifyFileChanged(file.workspaceId, payload.fileId, 'scanned')
  },
})
