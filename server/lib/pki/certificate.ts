import { createHash, webcrypto } from 'node:crypto'
import * as asn1js from 'asn1js'
import * as pkijs from 'pkijs'

/**
 * X.509 pieces shared by the verifier, the trust store and the revocation check: one
 * parse of a certificate (pkijs) into what they look at, the NCA subject fields, and
 * RSA verification through node's WebCrypto with the imported keys and the results of
 * certificate signature checks kept (both are pure functions of the bytes, so a cache
 * cannot go stale; it only has to stay bounded).
 */
export const subtle = webcrypto.subtle as SubtleCrypto

/** pkijs needs an engine for what it signs (ca.ts); ours is node's WebCrypto, never a browser polyfill. */
export const pkiEngine = new pkijs.CryptoEngine({ name: 'node-webcrypto', crypto: webcrypto as unknown as Crypto })

export const OID = {
  data: '1.2.840.113549.1.7.1',
  signedData: '1.2.840.113549.1.7.2',
  tstInfo: '1.2.840.113549.1.9.16.1.4',
  contentType: '1.2.840.113549.1.9.3',
  messageDigest: '1.2.840.113549.1.9.4',
  signingTime: '1.2.840.113549.1.9.5',
  timeStampToken: '1.2.840.113549.1.9.16.2.14',
  rsaEncryption: '1.2.840.113549.1.1.1',
  keyUsage: '2.5.29.15',
  basicConstraints: '2.5.29.19',
  extKeyUsage: '2.5.29.37',
  certificatePolicies: '2.5.29.32',
  crlDistributionPoints: '2.5.29.31',
  subjectAltName: '2.5.29.17',
  crlReason: '2.5.29.21',
  ekuClientAuth: '1.3.6.1.5.5.7.3.2',
  ekuTimeStamping: '1.3.6.1.5.5.7.3.8',
} as const

export type THashName = 'SHA-1' | 'SHA-256' | 'SHA-384' | 'SHA-512'

export const DIGEST_BY_OID: Record<string, THashName> = {
  '1.3.14.3.2.26': 'SHA-1',
  '2.16.840.1.101.3.4.2.1': 'SHA-256',
  '2.16.840.1.101.3.4.2.2': 'SHA-384',
  '2.16.840.1.101.3.4.2.3': 'SHA-512',
}

export const DIGEST_OID: Record<THashName, string> = {
  'SHA-1': '1.3.14.3.2.26',
  'SHA-256': '2.16.840.1.101.3.4.2.1',
  'SHA-384': '2.16.840.1.101.3.4.2.2',
  'SHA-512': '2.16.840.1.101.3.4.2.3',
}

/** PKCS#1 v1.5 signature OIDs and the hash each fixes. */
const RSA_SIGNATURE: Record<string, { hash: THashName; name: string }> = {
  '1.2.840.113549.1.1.5': { hash: 'SHA-1', name: 'SHA1withRSA' },
  '1.2.840.113549.1.1.11': { hash: 'SHA-256', name: 'SHA256withRSA' },
  '1.2.840.113549.1.1.12': { hash: 'SHA-384', name: 'SHA384withRSA' },
  '1.2.840.113549.1.1.13': { hash: 'SHA-512', name: 'SHA512withRSA' },
}

const OTHER_SIGNATURE_NAMES: Record<string, string> = {
  '1.2.840.113549.1.1.10': 'RSASSA-PSS',
  '1.2.840.10045.4.3.2': 'SHA256withECDSA',
  '1.2.840.10045.4.3.3': 'SHA384withECDSA',
  '1.2.840.10045.4.3.4': 'SHA512withECDSA',
}

/**
 * Kazakhstan's GOST family (1.2.398.3.10.*: GOST 34.310/34.311 and their 2015 successors) and
 * Russia's (1.2.643.*). WebCrypto has none of them; another module hands such signatures to NCANode.
 */
export function isGostOid(oid: string): boolean {
  return oid.startsWith('1.2.398.3.10.') || oid.startsWith('1.2.643.')
}

/** The name Java's getSigAlgName gives (what NCANode reports), or the OID when we have no name for it. */
export function signatureAlgorithmName(oid: string): string {
  return RSA_SIGNATURE[oid]?.name ?? OTHER_SIGNATURE_NAMES[oid] ?? oid
}

/**
 * The hash an RSA PKCS#1 v1.5 signature uses: fixed by a sha*WithRSAEncryption OID, taken from the
 * digest algorithm for the bare rsaEncryption OID (CMS signers often name only the key type).
 * undefined: not an algorithm we verify (PSS, ECDSA, GOST).
 */
export function rsaHashFor(signatureOid: string, digestOid?: string): THashName | undefined {
  const fixed = RSA_SIGNATURE[signatureOid]?.hash
  if (fixed) return fixed
  if (signatureOid === OID.rsaEncryption && digestOid) return DIGEST_BY_OID[digestOid]
  return undefined
}

/**
 * The roles NCA encodes as extended key usage OIDs (also accepted as certificate policy OIDs).
 * Source: NCANode's CertificateKeyUser (malikzh/NCANode) and gokalkan, both citing the order of the
 * Minister (adilet.zan.kz V2000021440); the NCA_* staff and IDENTIFICATION_* OIDs are left out.
 */
export const KEY_USER_OIDS = {
  '1.2.398.3.3.4.1.1': 'INDIVIDUAL',
  '1.2.398.3.3.4.1.2': 'ORGANIZATION',
  '1.2.398.3.3.4.1.2.1': 'CEO',
  '1.2.398.3.3.4.1.2.2': 'CAN_SIGN',
  '1.2.398.3.3.4.1.2.3': 'CAN_SIGN_FINANCIAL',
  '1.2.398.3.3.4.1.2.4': 'HR',
  '1.2.398.3.3.4.1.2.5': 'EMPLOYEE',
} as const

export type TKeyUser = (typeof KEY_USER_OIDS)[keyof typeof KEY_USER_OIDS]

export const KEY_USER_OID_BY_NAME = Object.fromEntries(Object.entries(KEY_USER_OIDS).map(([oid, name]) => [name, oid])) as Record<TKeyUser, string>

export interface TCertificateInfo {
  /** The serial's DER INTEGER bytes, lowercase hex (a leading 00 stays when DER has one). */
  serialNumber: string
  subjectDn: string
  issuerDn: string
  commonName: string | null
  surname: string | null
  givenName: string | null
  /** From SERIALNUMBER (2.5.4.5) "IIN123456789012", prefix stripped. */
  iin: string | null
  /** From SERIALNUMBER "BIN…" or OU (2.5.4.11) "BIN…". */
  bin: string | null
  organization: string | null
  email: string | null
  keyUser: TKeyUser[]
  keyUsage: 'SIGN' | 'AUTH' | 'OTHER'
  signAlg: string
  notBefore: Date
  notAfter: Date
  der: Uint8Array
}

export interface TKeyUsageBits {
  digitalSignature: boolean
  nonRepudiation: boolean
  keyEncipherment: boolean
  keyCertSign: boolean
  cRLSign: boolean
}

/** One certificate as the verifier sees it; made once per certificate (trust store) or per call (a CMS's own). */
export interface TParsedCert {
  cert: pkijs.Certificate
  der: Uint8Array
  /** SHA-256 of the DER, hex: identity in caches and against the trust store. */
  sha256: string
  /** Hex of the subject / issuer Name DER: the chain links names byte for byte. */
  subjectKey: string
  issuerKey: string
  spki: Uint8Array
  spkiSha256: string
  notBefore: Date
  notAfter: Date
  isCa: boolean
  /** null: the certificate has no keyUsage extension (every use allowed). */
  keyUsage: TKeyUsageBits | null
  eku: string[]
  policies: string[]
}

/**
 * Our bytes are never views of a SharedArrayBuffer; TypeScript's BufferSource (WebCrypto, pkijs)
 * wants that said.
 */
export const buf = (b: Uint8Array): Uint8Array<ArrayBuffer> => b as Uint8Array<ArrayBuffer>

export const hex = (b: Uint8Array | ArrayBuffer): string => Buffer.from(b instanceof Uint8Array ? b : new Uint8Array(b)).toString('hex')
export const sha256Hex = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex')

export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  return a.byteLength === b.byteLength && Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength))
}

/** Insertion-ordered map that forgets its oldest entry past `max`: enough for caches of pure results. */
export class BoundedMap<K, V> extends Map<K, V> {
  constructor(private readonly max: number) {
    super()
  }

  override set(key: K, value: V): this {
    if (!this.has(key) && this.size >= this.max) this.delete(this.keys().next().value as K)
    return super.set(key, value)
  }
}

function nameBytes(name: pkijs.RelativeDistinguishedNames): Uint8Array {
  const raw = (name as unknown as { valueBeforeDecode?: ArrayBuffer }).valueBeforeDecode
  return raw && raw.byteLength ? new Uint8Array(raw) : new Uint8Array(name.toSchema().toBER(false))
}

function extension(cert: pkijs.Certificate, oid: string): pkijs.Extension | undefined {
  return cert.extensions?.find((e) => e.extnID === oid)
}

function keyUsageBits(cert: pkijs.Certificate): TKeyUsageBits | null {
  const ext = extension(cert, OID.keyUsage)
  if (!ext) return null
  const bits = ext.parsedValue instanceof asn1js.BitString ? ext.parsedValue.valueBlock.valueHexView : new Uint8Array()
  const b0 = bits[0] ?? 0
  return {
    digitalSignature: (b0 & 0x80) !== 0,
    nonRepudiation: (b0 & 0x40) !== 0,
    keyEncipherment: (b0 & 0x20) !== 0,
    keyCertSign: (b0 & 0x04) !== 0,
    cRLSign: (b0 & 0x02) !== 0,
  }
}

/** What the verifier looks at in a certificate pkijs has parsed from `der`. */
function wrapCertificate(cert: pkijs.Certificate, der: Uint8Array): TParsedCert {
  const spki = new Uint8Array(cert.subjectPublicKeyInfo.toSchema().toBER(false))
  const bc = extension(cert, OID.basicConstraints)?.parsedValue
  const eku = extension(cert, OID.extKeyUsage)?.parsedValue
  const policies = extension(cert, OID.certificatePolicies)?.parsedValue
  return {
    cert,
    der,
    sha256: sha256Hex(der),
    subjectKey: hex(nameBytes(cert.subject)),
    issuerKey: hex(nameBytes(cert.issuer)),
    spki,
    spkiSha256: sha256Hex(spki),
    notBefore: cert.notBefore.value,
    notAfter: cert.notAfter.value,
    isCa: bc instanceof pkijs.BasicConstraints ? bc.cA === true : false,
    keyUsage: keyUsageBits(cert),
    eku: eku instanceof pkijs.ExtKeyUsage ? [...eku.keyPurposes] : [],
    policies: policies instanceof pkijs.CertificatePolicies ? policies.certificatePolicies.map((p) => p.policyIdentifier) : [],
  }
}

const parsed = new BoundedMap<string, TParsedCert>(512)

/**
 * A certificate from a CMS, parsed once per distinct certificate: the same signer and the same
 * intermediates come back on every signature, and pkijs takes a millisecond or two per parse.
 * Throws on bytes that are not a certificate.
 */
export function parseCertificateCached(der: Uint8Array): TParsedCert {
  const id = sha256Hex(der)
  let p = parsed.get(id)
  if (!p) {
    p = parseCertificate(der)
    parsed.set(id, p)
  }
  return p
}

/** Throws on anything that is not one DER certificate. */
export function parseCertificate(der: Uint8Array): TParsedCert {
  // Our own copy: pkijs keeps views into what it parses, and `der` may be a view into a large CMS.
  const own = new Uint8Array(der)
  const asn1 = asn1js.fromBER(own)
  if (asn1.offset === -1 || asn1.offset !== own.byteLength) throw new Error('not a DER certificate')
  const cert = new pkijs.Certificate({ schema: asn1.result })
  return wrapCertificate(cert, own)
}

// --- subject fields ---------------------------------------------------------------

const SHORT_NAMES: Record<string, string> = {
  '2.5.4.3': 'CN',
  '2.5.4.4': 'SURNAME',
  '2.5.4.5': 'SERIALNUMBER',
  '2.5.4.6': 'C',
  '2.5.4.7': 'L',
  '2.5.4.8': 'ST',
  '2.5.4.9': 'STREET',
  '2.5.4.10': 'O',
  '2.5.4.11': 'OU',
  '2.5.4.12': 'T',
  '2.5.4.15': 'BUSINESSCATEGORY',
  '2.5.4.42': 'G',
  '1.2.840.113549.1.9.1': 'E',
  '0.9.2342.19200300.100.1.25': 'DC',
  '0.9.2342.19200300.100.1.1': 'UID',
}

function attributeText(value: unknown): string {
  const v = value as { valueBlock?: { value?: unknown } } | undefined
  const text = v?.valueBlock?.value
  if (typeof text === 'string') return text
  // An attribute type we have no string decoding for: RFC 4514's #hex form of its BER.
  const ber = (value as { toBER?: () => ArrayBuffer } | undefined)?.toBER?.()
  return ber ? `#${hex(ber)}` : ''
}

function escapeDnValue(v: string): string {
  return v.replace(/[,+"\\<>;=]/g, (c) => `\\${c}`).replace(/^[ #]/, (c) => `\\${c}`).replace(/ $/, '\\ ')
}

interface TNameEntry {
  oid: string
  value: string
}

function nameEntries(name: pkijs.RelativeDistinguishedNames): TNameEntry[] {
  return name.typesAndValues.map((tv) => ({ oid: tv.type, value: attributeText(tv.value) }))
}

/**
 * "CN=…, SURNAME=…, SERIALNUMBER=IIN…, C=KZ, G=…": the attributes in the order the certificate
 * has them, as NCA's own tools print a subject (RFC 4514 would reverse it; nobody reads it that way here).
 */
export function formatDn(name: pkijs.RelativeDistinguishedNames): string {
  return nameEntries(name)
    .map((e) => `${SHORT_NAMES[e.oid] ?? e.oid}=${escapeDnValue(e.value)}`)
    .join(', ')
}

function first(entries: TNameEntry[], oid: string): string | null {
  return entries.find((e) => e.oid === oid)?.value.trim() || null
}

function prefixed(entries: TNameEntry[], oid: string, prefix: string): string | null {
  for (const e of entries) {
    const v = e.value.trim()
    if (e.oid === oid && v.toUpperCase().startsWith(prefix) && v.length > prefix.length) return v.slice(prefix.length)
  }
  return null
}

function sanEmail(cert: pkijs.Certificate): string | null {
  const san = extension(cert, OID.subjectAltName)?.parsedValue
  if (!(san instanceof pkijs.AltName)) return null
  const rfc822 = san.altNames.find((n) => n.type === 1 && typeof n.value === 'string')
  return rfc822 ? String(rfc822.value) : null
}

/**
 * SIGN: digitalSignature + nonRepudiation (NCA's signing keys). AUTH: clientAuth in the extended key
 * usage, or digitalSignature + keyEncipherment, without nonRepudiation (NCA's sign-in keys).
 */
export function keyUsageClass(p: TParsedCert): 'SIGN' | 'AUTH' | 'OTHER' {
  const ku = p.keyUsage
  if (ku?.digitalSignature && ku.nonRepudiation) return 'SIGN'
  if (!ku?.nonRepudiation && (p.eku.includes(OID.ekuClientAuth) || (ku?.digitalSignature && ku.keyEncipherment))) return 'AUTH'
  return 'OTHER'
}

export function keyUsers(p: TParsedCert): TKeyUser[] {
  const out: TKeyUser[] = []
  for (const oid of [...p.eku, ...p.policies]) {
    const role = (KEY_USER_OIDS as Record<string, TKeyUser>)[oid]
    if (role && !out.includes(role)) out.push(role)
  }
  return out
}

export function describeCertificate(p: TParsedCert): TCertificateInfo {
  const subject = nameEntries(p.cert.subject)
  return {
    serialNumber: hex(p.cert.serialNumber.valueBlock.valueHexView),
    subjectDn: formatDn(p.cert.subject),
    issuerDn: formatDn(p.cert.issuer),
    commonName: first(subject, '2.5.4.3'),
    surname: first(subject, '2.5.4.4'),
    givenName: first(subject, '2.5.4.42'),
    iin: prefixed(subject, '2.5.4.5', 'IIN'),
    bin: prefixed(subject, '2.5.4.5', 'BIN') ?? prefixed(subject, '2.5.4.11', 'BIN'),
    organization: first(subject, '2.5.4.10'),
    email: first(subject, '1.2.840.113549.1.9.1') ?? sanEmail(p.cert),
    keyUser: keyUsers(p),
    keyUsage: keyUsageClass(p),
    signAlg: signatureAlgorithmName(p.cert.signatureAlgorithm.algorithmId),
    notBefore: p.notBefore,
    notAfter: p.notAfter,
    // A copy: the parsed certificate is cached and shared between verifications.
    der: new Uint8Array(p.der),
  }
}

// --- RSA verification -----------------------------------------------------------------

const importedKeys = new BoundedMap<string, Promise<CryptoKey>>(2048)

function importRsaKey(spki: Uint8Array, spkiSha256: string, hash: THashName): Promise<CryptoKey> {
  const id = `${spkiSha256}:${hash}`
  let key = importedKeys.get(id)
  if (!key) {
    key = subtle.importKey('spki', buf(spki), { name: 'RSASSA-PKCS1-v1_5', hash }, false, ['verify'])
    // A key that does not import (not RSA, broken) must not stay cached as a rejection.
    key.catch(() => importedKeys.delete(id))
    importedKeys.set(id, key)
  }
  return key
}

/** PKCS#1 v1.5 over `data`; false (never a throw) for a key that is not RSA or does not import. */
export async function verifyRsa(
  signer: Pick<TParsedCert, 'spki' | 'spkiSha256'>,
  hash: THashName,
  data: Uint8Array,
  signature: Uint8Array,
): Promise<boolean> {
  try {
    const key = await importRsaKey(signer.spki, signer.spkiSha256, hash)
    return await subtle.verify('RSASSA-PKCS1-v1_5', key, buf(signature), buf(data))
  } catch {
    return false
  }
}

const certSignatures = new BoundedMap<string, boolean>(8192)

/** Whether `issuer`'s key signed `child` (remembered: the same chain is checked on every verification). */
export async function isSignedBy(child: TParsedCert, issuer: TParsedCert): Promise<boolean> {
  const id = `${child.sha256}:${issuer.spkiSha256}`
  const known = certSignatures.get(id)
  if (known !== undefined) return known
  const hash = rsaHashFor(child.cert.signatureAlgorithm.algorithmId)
  const ok = hash !== undefined && (await verifyRsa(issuer, hash, child.cert.tbsView, child.cert.signatureValue.valueBlock.valueHexView))
  certSignatures.set(id, ok)
  return ok
}
