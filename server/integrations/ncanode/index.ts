import { createHash } from 'node:crypto'
import { useConfig, type TConfig } from '../../lib/config'
import type { Prisma } from '../../lib/db'
import { useLogger } from '../../lib/log'
import { recordIntegrationCall } from '../core/outbox'
import type { TCallOptions, TCallResult } from '../core/provider'
import { createNcaNodeClient, NcaNodeError, type TNcaNodeClient, type TNcaNodeConf } from './client'
import type { TNcaNodeCertificates, TNcaNodeSigner, TNcaNodeVerification, TNcaNodeVerifyCmsInput } from './types'

/**
 * NCANode v3 (kz): verifies the GOST 34.310 signatures of Kazakh NCA keys, with the
 * chain to the NCA root and OCSP/CRL revocation; RSA signatures are verified in-process
 * elsewhere. Live only: a stand-in that called every signature valid would be a hole, so
 * without NCANODE_URL a call fails with NcaNodeError `not_configured` (ncaNodeConf()
 * tells beforehand). Each call made is recorded in the integration outbox (sent or
 * failed), keeping sizes and digests of the CMS and data, not the bytes.
 */
export { createNcaNodeClient, NcaNodeError, NCANODE_DEFAULT_TIMEOUT_MS, NCANODE_RETRY_AFTER_SECONDS } from './client'
export type { TNcaNodeClient, TNcaNodeConf, TNcaNodeFailure } from './client'
export { parseNcaNodeDate, NCANODE_REVOCATION_CHECK } from './protocol'
export type * from './types'

const PROVIDER = 'ncanode'
const log = useLogger(`integration:${PROVIDER}`)

/** The client's settings, or null when NCANODE_URL is empty. */
export function ncaNodeConf(cfg: TConfig = useConfig()): TNcaNodeConf | null {
  return cfg.NCANODE_URL ? { url: cfg.NCANODE_URL, timeoutMs: cfg.NCANODE_TIMEOUT_MS } : null
}

let cached: { key: string; client: TNcaNodeClient } | undefined

/** One client per configuration, so a config reload (tests) takes effect. */
function client(conf: TNcaNodeConf): TNcaNodeClient {
  const key = JSON.stringify(conf)
  if (cached?.key !== key) cached = { key, client: createNcaNodeClient(conf) }
  return cached.client
}

function notConfigured(): NcaNodeError {
  return new NcaNodeError('not_configured', 'GOST signatures cannot be verified: NCANode is not configured (NCANODE_URL).')
}

function digest(b64: string): { bytes: number; sha256: string } {
  const bytes = Buffer.from(b64, 'base64')
  return { bytes: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') }
}

/** What an outbox row keeps of a signer: enough to say who signed and what NCANode said, nothing more. */
function signerSummary(s: TNcaNodeSigner) {
  return {
    valid: s.valid,
    serialNumber: s.serialNumber,
    commonName: s.commonName,
    iin: s.iin,
    bin: s.bin,
    keyUsage: s.keyUsage,
    revocation: s.revocation,
    signedAt: s.signedAt,
  }
}

function toJson(value: unknown): Prisma.InputJsonValue {
  return JSON.parse(JSON.stringify(value ?? null)) as Prisma.InputJsonValue
}

async function recorded<R>(operation: string, input: unknown, opts: TCallOptions, call: () => Promise<R>, summary: (r: R) => unknown): Promise<TCallResult<R>> {
  const base = { provider: PROVIDER, operation, ref: opts.ref, driver: 'live' as const }
  let result: R
  try {
    result = await call()
  } catch (e) {
    const error = e instanceof Error ? e.message : String(e)
    const outboxId = await recordIntegrationCall({ ...base, payload: toJson({ input }), status: 'failed', error }, opts.db).catch((dbErr: unknown) => {
      log.error('could not record a failed call', { operation, err: String(dbErr) })
      return null
    })
    log.warn('call failed', { operation, outboxId, err: error })
    if (e instanceof NcaNodeError) e.params.outboxId = outboxId
    throw e
  }
  // The verdict is already ours: failing to write the record must not fail the verification.
  const outboxId = await recordIntegrationCall({ ...base, payload: toJson({ input, result: summary(result) }), status: 'sent' }, opts.db).catch((dbErr: unknown) => {
    log.error('verified, but could not record the call', { operation, err: String(dbErr) })
    return null
  })
  return { result, driver: 'live', outboxId }
}

/**
 * Verifies a CMS with NCANode (`POST /cms/verify`, OCSP and CRL). `data` only for a
 * detached CMS. The answer says whether the signature holds and who signed; what that
 * means for a document (the expected IIN/BIN, key usage) is the caller's decision.
 * Throws NcaNodeError: `rejected` (400, a malformed CMS), `unreachable`/`timeout`/`failed`
 * (503, retry later), `not_configured` (503), `bad_answer` (500).
 */
export async function verifyCmsWithNcaNode(input: TNcaNodeVerifyCmsInput, opts: TCallOptions = {}): Promise<TCallResult<TNcaNodeVerification>> {
  const conf = ncaNodeConf()
  if (!conf) throw notConfigured()
  const stored = { cms: digest(input.cms), ...(input.data !== undefined ? { data: digest(input.data) } : {}) }
  return recorded('cms.verify', stored, opts, () => client(conf).verifyCms(input), (r) => ({ valid: r.valid, signers: r.signers.map(signerSummary) }))
}

/** Certificates (base64 DER) checked alone with NCANode (`POST /x509/info`): chain, dates, revocation. */
export async function checkCertificatesWithNcaNode(certs: string[], opts: TCallOptions = {}): Promise<TCallResult<TNcaNodeCertificates>> {
  const conf = ncaNodeConf()
  if (!conf) throw notConfigured()
  return recorded('x509.info', { certs: certs.map(digest) }, opts, () => client(conf).x509Info(certs), (r) => ({ valid: r.valid, certificates: r.certificates.map(signerSummary) }))
}
