import * as asn1js from 'asn1js'
import * as pkijs from 'pkijs'
import { BoundedMap, OID, hex, rsaHashFor, verifyRsa, type TParsedCert } from './certificate'

/**
 * Revocation by CRL: the signer certificate's distribution points (http only: a CRL is signed, so
 * TLS adds nothing, and NCA publishes them over http), fetched with a timeout, the CRL's signature
 * checked with the issuer's key, the parsed list kept until its nextUpdate.
 *
 * Limits: only full CRLs (no delta CRLs of the freshest-CRL extension), only the signer certificate
 * (not the intermediates), no OCSP. NCA's full CRLs are large; one that does not arrive within the
 * timeout or is over MAX_CRL_BYTES makes the answer not_checked, never a failed verification.
 */
export interface TRevocationOptions {
  mode: 'crl' | 'off'
  /** Per CRL download, body included (default 3 s). */
  timeoutMs?: number
  fetch?: typeof fetch
}

export interface TRevocationStatus {
  status: 'good' | 'revoked' | 'not_checked'
  revokedAt: Date | null
  /** RFC 5280 CRLReason code, when the CRL entry gives one. */
  reason: number | null
}

export const DEFAULT_CRL_TIMEOUT_MS = 3000
const MAX_CRL_BYTES = 64 * 1024 * 1024
/** NCA's lists have hundreds of thousands of entries: a few cached lists are plenty. */
const CACHE_ENTRIES = 16
/** A CRL whose thisUpdate is this far ahead of our clock is refused (it was not issued yet). */
const CLOCK_SKEW_MS = 5 * 60 * 1000

interface TCrlEntry {
  revokedAt: Date
  reason: number | null
}

interface TCachedCrl {
  nextUpdate: Date | null
  revoked: Map<string, TCrlEntry>
}

const cache = new BoundedMap<string, TCachedCrl>(CACHE_ENTRIES)
const inFlight = new Map<string, Promise<TCachedCrl | null>>()

const NOT_CHECKED: TRevocationStatus = { status: 'not_checked', revokedAt: null, reason: null }

/** The http:// URLs of the certificate's CRL distribution points, in their order. */
export function crlUrls(p: TParsedCert): string[] {
  const ext = p.cert.extensions?.find((e) => e.extnID === OID.crlDistributionPoints)?.parsedValue
  if (!(ext instanceof pkijs.CRLDistributionPoints)) return []
  const urls: string[] = []
  for (const dp of ext.distributionPoints) {
    const names = Array.isArray(dp.distributionPoint) ? dp.distributionPoint : []
    for (const n of names) {
      if (n.type === 6 && typeof n.value === 'string' && /^http:\/\//i.test(n.value)) urls.push(n.value)
    }
  }
  return urls
}

async function readCapped(res: Response, max: number): Promise<Uint8Array | null> {
  const declared = Number(res.headers.get('content-length') ?? NaN)
  if (Number.isFinite(declared) && declared > max) {
    await res.body?.cancel().catch(() => {})
    return null
  }
  if (!res.body) return new Uint8Array(await res.arrayBuffer())
  const chunks: Uint8Array[] = []
  let size = 0
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
    size += chunk.byteLength
    if (size > max) return null
    chunks.push(chunk)
  }
  return new Uint8Array(Buffer.concat(chunks))
}

/** DER, or the PEM some servers hand out instead. */
function crlDer(body: Uint8Array): Uint8Array {
  if (body[0] === 0x30) return body
  const text = Buffer.from(body).toString('latin1')
  const m = /-----BEGIN X509 CRL-----([\s\S]*?)-----END X509 CRL-----/.exec(text)
  return m ? new Uint8Array(Buffer.from(m[1]!.replace(/\s+/g, ''), 'base64')) : body
}

function entryReason(entry: pkijs.RevokedCertificate): number | null {
  const ext = entry.crlEntryExtensions?.extensions.find((e) => e.extnID === OID.crlReason)
  if (!ext) return null
  const parsed = asn1js.fromBER(ext.extnValue.valueBlock.valueHexView)
  return parsed.result instanceof asn1js.Enumerated ? parsed.result.valueBlock.valueDec : null
}

/** A CRL the issuer signed, for the issuer's name, already issued; otherwise null. */
async function parseCrl(der: Uint8Array, issuer: TParsedCert, now: Date): Promise<TCachedCrl | null> {
  const asn1 = asn1js.fromBER(der)
  if (asn1.offset === -1) return null
  const crl = new pkijs.CertificateRevocationList({ schema: asn1.result })
  const crlIssuer = (crl.issuer as unknown as { valueBeforeDecode?: ArrayBuffer }).valueBeforeDecode
  if (!crlIssuer || hex(crlIssuer) !== issuer.subjectKey) return null
  const hash = rsaHashFor(crl.signatureAlgorithm.algorithmId)
  if (!hash || !(await verifyRsa(issuer, hash, crl.tbsView, crl.signatureValue.valueBlock.valueHexView))) return null
  if (crl.thisUpdate.value.getTime() > now.getTime() + CLOCK_SKEW_MS) return null
  const revoked = new Map<string, TCrlEntry>()
  for (const entry of crl.revokedCertificates ?? []) {
    revoked.set(hex(entry.userCertificate.valueBlock.valueHexView), { revokedAt: entry.revocationDate.value, reason: entryReason(entry) })
  }
  return { nextUpdate: crl.nextUpdate?.value ?? null, revoked }
}

async function download(url: string, issuer: TParsedCert, opts: TRevocationOptions, now: Date): Promise<TCachedCrl | null> {
  const doFetch = opts.fetch ?? fetch
  try {
    const res = await doFetch(url, { signal: AbortSignal.timeout(opts.timeoutMs ?? DEFAULT_CRL_TIMEOUT_MS) })
    if (!res.ok) {
      await res.body?.cancel().catch(() => {})
      return null
    }
    const body = await readCapped(res, MAX_CRL_BYTES)
    return body ? await parseCrl(crlDer(body), issuer, now) : null
  } catch {
    // Unreachable, timed out, or not a CRL: the caller says not_checked.
    return null
  }
}

async function crlFor(url: string, issuer: TParsedCert, opts: TRevocationOptions, now: Date): Promise<TCachedCrl | null> {
  // Keyed by the issuer's key too: a CRL proves nothing about a certificate of another issuer.
  const id = `${url}|${issuer.spkiSha256}`
  const cached = cache.get(id)
  if (cached && cached.nextUpdate && cached.nextUpdate.getTime() > now.getTime()) return cached
  let pending = inFlight.get(id)
  if (!pending) {
    pending = download(url, issuer, opts, now).finally(() => inFlight.delete(id))
    inFlight.set(id, pending)
  }
  const crl = await pending
  // A CRL without nextUpdate, or already past it, is used once and not kept.
  if (crl?.nextUpdate && crl.nextUpdate.getTime() > now.getTime()) cache.set(id, crl)
  return crl
}

/**
 * The signer certificate's status from the first of its CRLs that can be had. A CRL past its
 * nextUpdate still proves a revocation, but not that the certificate is good.
 */
export async function checkRevocation(subject: TParsedCert, issuer: TParsedCert, opts: TRevocationOptions, now: Date): Promise<TRevocationStatus> {
  if (opts.mode !== 'crl') return NOT_CHECKED
  const serial = hex(subject.cert.serialNumber.valueBlock.valueHexView)
  for (const url of crlUrls(subject)) {
    const crl = await crlFor(url, issuer, opts, now)
    if (!crl) continue
    const entry = crl.revoked.get(serial)
    if (entry) return { status: 'revoked', revokedAt: entry.revokedAt, reason: entry.reason }
    if (crl.nextUpdate && crl.nextUpdate.getTime() > now.getTime()) return { status: 'good', revokedAt: null, reason: null }
  }
  return NOT_CHECKED
}
