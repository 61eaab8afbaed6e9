import {
  DIGEST_BY_OID,
  OID,
  buf,
  bytesEqual,
  describeCertificate,
  hex,
  isGostOid,
  isSignedBy,
  parseCertificateCached,
  rsaHashFor,
  subtle,
  verifyRsa,
  type TCertificateInfo,
  type THashName,
  type TParsedCert,
} from './certificate'
import { checkRevocation, type TRevocationOptions } from './crl'
import { children, contents, encoded, need, octets, oid, readNode, time, type TNode } from './der'
import type { TTrustStore } from './trust'

/**
 * Verification of CMS / CAdES-BES signatures (RSA) in-process: what NCALayer produces for a file or
 * for a sign-in challenge. GOST signatures are recognised and answered unsupported_algorithm; they
 * go to NCANode elsewhere. Never throws for what the caller passes in: a bad input is a problem in
 * the answer (cms_malformed), not a 500.
 */
export type TSignatureProblem =
  | 'cms_malformed'
  | 'no_signers'
  | 'content_missing'
  | 'content_mismatch'
  | 'signature_invalid'
  | 'untrusted'
  | 'cert_expired'
  | 'cert_not_yet_valid'
  | 'cert_revoked'
  | 'unsupported_algorithm'
  | 'wrong_key_usage'

export interface TSignerResult {
  valid: boolean
  problem: TSignatureProblem | null
  /** A verified timestamp token's genTime; else the signingTime signed attribute (the signer's own claim). */
  signedAt: Date | null
  certificate: TCertificateInfo
  chain: 'trusted' | 'untrusted'
  revocation: 'good' | 'revoked' | 'not_checked'
  revokedAt: Date | null
  /** 'SHA-256' …, or the OID of a digest we do not compute (GOST). */
  digestAlgorithm: string
  /** The messageDigest the signer signed (hex); without signed attributes, the digest of the content. */
  contentDigestHex: string
}

export interface TCmsVerification {
  valid: boolean
  problem: TSignatureProblem | null
  attached: boolean
  /** The encapsulated content of an attached CMS; null for a detached one. */
  content: Uint8Array | null
  signers: TSignerResult[]
}

export interface TCmsLimits {
  /** The CMS without its encapsulated content: signer infos, certificates (default 2 MiB). */
  maxSignatureBytes?: number
  /** The encapsulated content of an attached CMS (default 64 MiB). */
  maxContentBytes?: number
}

export interface TVerifyOptions {
  /** The signed bytes: required for a detached CMS; for an attached one, they must equal what it carries. */
  data?: Uint8Array
  trust: TTrustStore
  now?: Date
  revocation?: TRevocationOptions
  /** A signing key is required (a legal signature): a certificate that is not SIGN (an AUTH key) answers wrong_key_usage. */
  requireSigningKey?: boolean
  limits?: TCmsLimits
}

export type { TRevocationOptions }

export const MAX_SIGNATURE_BYTES = 2 * 1024 * 1024
export const MAX_ATTACHED_CONTENT_BYTES = 64 * 1024 * 1024

/** RFC 5280 CRLReason codes after which the signer's own signingTime proves nothing (see revocationProblem). */
const COMPROMISE_REASONS = new Set([1, 2, 10])
/** How deep a chain may go (leaf + intermediates + root); NCA's is three. */
const MAX_CHAIN = 6

function limitsOf(l: TCmsLimits | undefined) {
  return { sig: l?.maxSignatureBytes ?? MAX_SIGNATURE_BYTES, content: l?.maxContentBytes ?? MAX_ATTACHED_CONTENT_BYTES }
}

/**
 * DER as given, or base64 / PEM text (string or bytes) decoded. null for anything else, and for
 * input larger than the limits allow (checked before decoding).
 */
export function decodeCms(input: string | Uint8Array, limits?: TCmsLimits): Uint8Array | null {
  const { sig, content } = limitsOf(limits)
  const maxDer = sig + content
  if (input instanceof Uint8Array && input[0] === 0x30) return input.byteLength <= maxDer ? input : null
  // Base64 is 4/3 of the bytes, plus line breaks and PEM armour.
  if (input.length > Math.ceil(maxDer / 3) * 4 * 1.1 + 1024) return null
  const text = typeof input === 'string' ? input : Buffer.from(input).toString('latin1')
  const b64 = text
    .replace(/-----(BEGIN|END) [A-Z0-9 ]+-----/g, '')
    .replace(/\s+/g, '')
    .replace(/-/g, '+')
    .replace(/_/g, '/')
  if (!b64 || !/^[A-Za-z0-9+/]+={0,2}$/.test(b64) || b64.replace(/=+$/, '').length % 4 === 1) return null
  const der = new Uint8Array(Buffer.from(b64, 'base64'))
  return der[0] === 0x30 && der.byteLength <= maxDer ? der : null
}

interface TSignerInfo {
  sid: { issuer: Uint8Array; serial: Uint8Array } | { keyId: Uint8Array }
  digestOid: string
  signatureOid: string
  /** The signed attributes as signed: their DER with the [0] tag made a SET. */
  signedAttrs: Uint8Array | null
  /** Attribute OID → its first value. */
  attrs: Map<string, { bytes: Uint8Array; node: TNode }>
  unsignedAttrs: Map<string, { bytes: Uint8Array; node: TNode }>
  signature: Uint8Array
}

interface TParsedCms {
  eContentType: string
  content: Uint8Array | null
  /** Each certificate's DER as it sits in the CMS. */
  certs: Uint8Array[]
  signers: TSignerInfo[]
}

const SEQUENCE = 0x30
const SET = 0x31

function attributes(b: Uint8Array, node: TNode): Map<string, { bytes: Uint8Array; node: TNode }> {
  const out = new Map<string, { bytes: Uint8Array; node: TNode }>()
  for (const attr of children(b, node)) {
    const [type, values] = children(b, need(attr, SEQUENCE))
    const first = children(b, need(values, SET))[0]
    const id = oid(b, need(type, 0x06))
    // A signed attribute given twice is ambiguous about what was signed (RFC 5652 forbids it).
    if (out.has(id)) throw new Error('duplicate attribute')
    if (first) out.set(id, { bytes: b, node: first })
  }
  return out
}

function algorithm(b: Uint8Array, node: TNode | undefined): string {
  return oid(b, need(children(b, need(node, SEQUENCE))[0], 0x06))
}

function parseSignerInfo(b: Uint8Array, node: TNode): TSignerInfo {
  const f = children(b, need(node, SEQUENCE))
  let i = 1 // version
  const sidNode = f[i++]
  let sid: TSignerInfo['sid']
  if (sidNode?.tag === SEQUENCE) {
    const [issuer, serial] = children(b, sidNode)
    sid = { issuer: encoded(b, need(issuer, SEQUENCE)), serial: contents(b, need(serial, 0x02)) }
  } else if (sidNode?.tag === 0x80) {
    sid = { keyId: contents(b, sidNode) }
  } else {
    throw new Error('bad signer identifier')
  }
  const digestOid = algorithm(b, f[i++])
  let signedAttrs: Uint8Array | null = null
  let attrs = new Map<string, { bytes: Uint8Array; node: TNode }>()
  if (f[i]?.tag === 0xa0) {
    const node = f[i++]!
    signedAttrs = new Uint8Array(encoded(b, node))
    signedAttrs[0] = SET
    attrs = attributes(b, node)
  }
  const signatureOid = algorithm(b, f[i++])
  const signature = contents(b, need(f[i++], 0x04))
  const unsignedAttrs = f[i]?.tag === 0xa1 ? attributes(b, f[i]!) : new Map<string, { bytes: Uint8Array; node: TNode }>()
  return { sid, digestOid, signatureOid, signedAttrs, attrs, unsignedAttrs, signature }
}

/** ContentInfo → SignedData, walked with der.ts; null for anything that is not one. */
function parseCms(b: Uint8Array): TParsedCms | null {
  try {
    const top = readNode(b, 0)
    if (top.end !== b.byteLength) return null
    const [contentType, wrapped] = children(b, need(top, SEQUENCE))
    if (oid(b, need(contentType, 0x06)) !== OID.signedData) return null
    const sd = children(b, need(children(b, need(wrapped, 0xa0))[0], SEQUENCE))
    // version, digestAlgorithms, encapContentInfo, [0] certificates, [1] crls, signerInfos
    const encap = children(b, need(sd[2], SEQUENCE))
    const eContentType = oid(b, need(encap[0], 0x06))
    const eContent = encap[1] ? octets(b, children(b, need(encap[1], 0xa0))[0] ?? need(undefined, 0x04)) : null
    const rest = sd.slice(3)
    const certSet = rest.find((n) => n.tag === 0xa0)
    const certs = certSet ? children(b, certSet).filter((c) => c.tag === SEQUENCE).map((c) => encoded(b, c)) : []
    const signerSet = need(rest[rest.length - 1], SET)
    const signers = children(b, signerSet).map((n) => parseSignerInfo(b, n))
    return { eContentType, content: eContent, certs, signers }
  } catch {
    return null
  }
}

function findSignerCert(sid: TSignerInfo['sid'], certs: TParsedCert[]): TParsedCert | undefined {
  if ('issuer' in sid) {
    const issuerKey = hex(sid.issuer)
    return certs.find((c) => c.issuerKey === issuerKey && bytesEqual(c.cert.serialNumber.valueBlock.valueHexView, sid.serial))
  }
  // [0] SubjectKeyIdentifier: the certificate whose subjectKeyIdentifier extension holds these bytes.
  return certs.find((c) => {
    const ski = c.cert.extensions?.find((e) => e.extnID === '2.5.29.14')?.parsedValue as { valueBlock?: { valueHexView?: Uint8Array } } | undefined
    return ski?.valueBlock?.valueHexView !== undefined && bytesEqual(ski.valueBlock.valueHexView, sid.keyId)
  })
}

interface TContext {
  trust: TTrustStore
  now: Date
  certs: TParsedCert[]
  content: Uint8Array | null
  eContentType: string
  digest: (hash: THashName) => Promise<Uint8Array>
  revocation?: TRevocationOptions
  requireSigningKey: boolean
  /** Inside a timestamp token: no token of its own is looked at, no revocation is checked. */
  nested: boolean
  /** The time a timestamp token's signer is checked at: the token's genTime. */
  at?: Date
}

/** The first chain from `leaf` to a root of the store, each link's signature checked; null when there is none. */
async function buildChain(leaf: TParsedCert, pool: TParsedCert[], trust: TTrustStore): Promise<TParsedCert[] | null> {
  const walk = async (path: TParsedCert[]): Promise<TParsedCert[] | null> => {
    const cur = path[path.length - 1]!
    if (trust.rootHashes.has(cur.sha256)) return path
    if (path.length >= MAX_CHAIN) return null
    // The store's own certificates first: a CMS may carry a copy of a root, or a look-alike of one.
    const candidates = [...(trust.bySubject.get(cur.issuerKey) ?? []), ...pool.filter((c) => c.subjectKey === cur.issuerKey)]
    const tried = new Set(path.map((p) => p.sha256))
    for (const cand of candidates) {
      if (tried.has(cand.sha256)) continue
      tried.add(cand.sha256)
      const anchor = trust.rootHashes.has(cand.sha256)
      // A root of the store is trusted as configured; anything else must say it is a CA that signs certificates.
      if (!anchor && (!cand.isCa || (cand.keyUsage && !cand.keyUsage.keyCertSign))) continue
      if (!(await isSignedBy(cur, cand))) continue
      const found = await walk([...path, cand])
      if (found) return found
    }
    return null
  }
  return walk([leaf])
}

function validityProblem(chain: TParsedCert[], at: Date): TSignatureProblem | null {
  const t = at.getTime()
  for (const c of chain) {
    if (c.notBefore.getTime() > t) return 'cert_not_yet_valid'
    if (c.notAfter.getTime() < t) return 'cert_expired'
  }
  return null
}

/**
 * A signature made before its certificate was revoked stays valid, but only when we know when it
 * was made: a timestamp token's genTime proves it; the signer's own signingTime is believed unless
 * the CRL gives the key as compromised (whoever holds a stolen key writes any signingTime they
 * like). A revocation at or before the signing time always counts.
 */
function revocationProblem(revokedAt: Date | null, reason: number | null, at: Date, timeProven: boolean): TSignatureProblem | null {
  if (!revokedAt || revokedAt.getTime() <= at.getTime()) return 'cert_revoked'
  if (!timeProven && reason !== null && COMPROMISE_REASONS.has(reason)) return 'cert_revoked'
  return null
}

/** TSTInfo's messageImprint and genTime (RFC 3161): SEQ { version, policy, messageImprint, serialNumber, genTime, … }. */
function parseTstInfo(b: Uint8Array): { imprintOid: string; imprint: Uint8Array; genTime: Date } | null {
  try {
    const f = children(b, need(readNode(b, 0), SEQUENCE))
    const [alg, hashed] = children(b, need(f[2], SEQUENCE))
    const genTime = time(b, need(f[4], 0x18))
    return genTime ? { imprintOid: algorithm(b, alg), imprint: contents(b, need(hashed, 0x04)), genTime } : null
  } catch {
    return null
  }
}

/** The genTime of the signer's timestamp token (RFC 3161) when the token verifies and stamps this very signature. */
async function timestampTime(si: TSignerInfo, ctx: TContext): Promise<Date | null> {
  const attr = si.unsignedAttrs.get(OID.timeStampToken)
  if (!attr) return null
  const token = parseCms(new Uint8Array(encoded(attr.bytes, attr.node)))
  if (!token?.content || token.eContentType !== OID.tstInfo || token.signers.length !== 1) return null
  const info = parseTstInfo(token.content)
  const imprintHash = info && DIGEST_BY_OID[info.imprintOid]
  if (!info || !imprintHash) return null
  const stamped = new Uint8Array(await subtle.digest(imprintHash, buf(si.signature)))
  if (!bytesEqual(stamped, info.imprint)) return null
  const result = await verifyParsed(token, { trust: ctx.trust, now: ctx.now, requireSigningKey: false, nested: true, at: info.genTime })
  const tsa = result.signers[0]
  if (!result.valid || !tsa) return null
  // RFC 3161: the TSA's certificate names timestamping as its (only) extended key usage.
  const tsaCert = parseCertificateCached(tsa.certificate.der)
  return tsaCert.eku.includes(OID.ekuTimeStamping) ? info.genTime : null
}

function isGostSigner(si: TSignerInfo, cert: TParsedCert): boolean {
  return isGostOid(si.digestOid) || isGostOid(si.signatureOid) || isGostOid(cert.cert.subjectPublicKeyInfo.algorithm.algorithmId)
}

/** null: the signer's certificate is not in the CMS, so nothing about the signer can be said. */
async function verifySigner(si: TSignerInfo, ctx: TContext): Promise<TSignerResult | null> {
  const cert = findSignerCert(si.sid, ctx.certs)
  if (!cert) return null
  const digestHash = DIGEST_BY_OID[si.digestOid]
  const md = si.attrs.get(OID.messageDigest)
  const messageDigest = md && md.node.tag === 0x04 ? contents(md.bytes, md.node) : null
  const st = si.attrs.get(OID.signingTime)
  const result: TSignerResult = {
    valid: false,
    problem: null,
    signedAt: st ? time(st.bytes, st.node) : null,
    certificate: describeCertificate(cert),
    chain: 'untrusted',
    revocation: 'not_checked',
    revokedAt: null,
    digestAlgorithm: digestHash ?? si.digestOid,
    contentDigestHex: messageDigest ? hex(messageDigest) : '',
  }
  const fail = (problem: TSignatureProblem) => ({ ...result, problem })

  const signatureHash = rsaHashFor(si.signatureOid, si.digestOid)
  if (isGostSigner(si, cert) || !digestHash || !signatureHash) return fail('unsupported_algorithm')

  let signed: Uint8Array
  if (si.signedAttrs) {
    if (!messageDigest) return fail('cms_malformed')
    const ct = si.attrs.get(OID.contentType)
    if (!ct || ct.node.tag !== 0x06 || oid(ct.bytes, ct.node) !== ctx.eContentType) return fail('cms_malformed')
    if (!ctx.content) return fail('content_missing')
    if (!bytesEqual(await ctx.digest(digestHash), messageDigest)) return fail('content_mismatch')
    signed = si.signedAttrs
  } else {
    if (!ctx.content) return fail('content_missing')
    result.contentDigestHex = hex(await ctx.digest(digestHash))
    signed = ctx.content
  }
  if (!(await verifyRsa(cert, signatureHash, signed, si.signature))) return fail('signature_invalid')

  const stampedAt = ctx.nested ? null : await timestampTime(si, ctx)
  if (stampedAt) result.signedAt = stampedAt
  // A signature cannot have been made after now: a signingTime in the future is not believed.
  const at = ctx.at ?? (result.signedAt && result.signedAt.getTime() <= ctx.now.getTime() ? result.signedAt : ctx.now)

  const chain = await buildChain(cert, ctx.certs, ctx.trust)
  if (!chain) return fail('untrusted')
  result.chain = 'trusted'
  const dated = validityProblem(chain, at)
  if (dated) return fail(dated)

  const ku = cert.keyUsage
  if (ku && !ku.digitalSignature && !ku.nonRepudiation) return fail('wrong_key_usage')
  if (ctx.requireSigningKey && result.certificate.keyUsage !== 'SIGN') return fail('wrong_key_usage')

  const issuer = chain[1]
  if (!ctx.nested && ctx.revocation?.mode === 'crl' && issuer) {
    const status = await checkRevocation(cert, issuer, ctx.revocation, ctx.now)
    result.revocation = status.status
    result.revokedAt = status.revokedAt
    if (status.status === 'revoked') {
      const problem = revocationProblem(status.revokedAt, status.reason, at, stampedAt !== null)
      if (problem) return fail(problem)
    }
  }
  return { ...result, valid: true }
}

interface TInternalOptions {
  data?: Uint8Array
  trust: TTrustStore
  now: Date
  revocation?: TRevocationOptions
  requireSigningKey: boolean
  nested: boolean
  at?: Date
}

const malformed = (signers: TSignerResult[] = []): TCmsVerification => ({
  valid: false,
  problem: 'cms_malformed',
  attached: false,
  content: null,
  signers,
})

async function verifyParsed(cms: TParsedCms, opts: TInternalOptions): Promise<TCmsVerification> {
  const attached = cms.content !== null
  const content = cms.content ?? opts.data ?? null
  let certs: TParsedCert[]
  try {
    certs = cms.certs.map(parseCertificateCached)
  } catch {
    return malformed()
  }
  const digests = new Map<THashName, Promise<Uint8Array>>()
  const ctx: TContext = {
    trust: opts.trust,
    now: opts.now,
    certs,
    content,
    eContentType: cms.eContentType,
    digest: (hash) => {
      let d = digests.get(hash)
      if (!d) {
        d = subtle.digest(hash, buf(content ?? new Uint8Array())).then((b) => new Uint8Array(b))
        digests.set(hash, d)
      }
      return d
    },
    revocation: opts.revocation,
    requireSigningKey: opts.requireSigningKey,
    nested: opts.nested,
    at: opts.at,
  }
  const results = await Promise.all(cms.signers.map((si) => verifySigner(si, ctx)))
  const signers = results.filter((r): r is TSignerResult => r !== null)
  // An attached CMS hands its content back as our own copy, not a view that keeps the whole CMS alive.
  const base = { attached, content: cms.content ? new Uint8Array(cms.content) : null, signers }
  if (!cms.signers.length) return { ...base, valid: false, problem: 'no_signers' }
  if (signers.length !== cms.signers.length) return { ...base, valid: false, problem: 'cms_malformed' }
  if (attached && opts.data && !bytesEqual(cms.content!, opts.data)) return { ...base, valid: false, problem: 'content_mismatch' }
  const failing = signers.find((s) => !s.valid)
  return { ...base, valid: !failing, problem: failing?.problem ?? null }
}

/**
 * Verifies every signer of a CMS SignedData (DER, or base64/PEM text). Valid: at least one signer
 * and every signer valid; `problem` is the first failing signer's (or cms_malformed / no_signers /
 * content_mismatch for the CMS as a whole).
 */
export async function verifyCms(cms: Uint8Array | string, opts: TVerifyOptions): Promise<TCmsVerification> {
  try {
    const der = decodeCms(cms, opts.limits)
    if (!der) return malformed()
    const parsed = parseCms(der)
    if (!parsed) return malformed()
    const { sig, content } = limitsOf(opts.limits)
    const contentBytes = parsed.content?.byteLength ?? 0
    if (contentBytes > content || der.byteLength - contentBytes > sig) return malformed()
    return await verifyParsed(parsed, {
      data: opts.data,
      trust: opts.trust,
      now: opts.now ?? new Date(),
      revocation: opts.revocation,
      requireSigningKey: opts.requireSigningKey ?? false,
      nested: false,
    })
  } catch {
    // Whatever a hostile CMS makes the parsers throw is still only a malformed CMS.
    return malformed()
  }
}
