import { createHash, randomBytes, webcrypto } from 'node:crypto'
import * as asn1js from 'asn1js'
import * as pkijs from 'pkijs'
import { DIGEST_OID, KEY_USER_OID_BY_NAME, OID, buf, pkiEngine, type TKeyUser } from './certificate'

/**
 * A certification authority of our own making and signatures made with its certificates, laid out
 * as NCA lays out its own (subject attributes, role OIDs in the extended key usage): for the tests,
 * the sandbox and the fake servers. RSA 2048 with SHA-256 throughout; nothing here is GOST.
 *
 * Built with pkijs alone: @peculiar/x509 cannot be imported in this repository without a Reflect
 * metadata polyfill (its tsyringe throws on import), and none is installed.
 */
const subtle = webcrypto.subtle as SubtleCrypto
const RSA: RsaHashedKeyGenParams = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256', publicExponent: new Uint8Array([1, 0, 1]), modulusLength: 2048 }
const DAY = 24 * 60 * 60 * 1000
/** The "example" arc of ITU-T X.660: a timestamp policy that means nothing outside tests. */
const TEST_TSA_POLICY = '2.999.1.1'
const EKU_EMAIL_PROTECTION = '1.3.6.1.5.5.7.3.4'
const KU = { digitalSignature: 0x80, nonRepudiation: 0x40, keyEncipherment: 0x20, keyCertSign: 0x04, cRLSign: 0x02 } as const

export interface TIssued {
  der: Uint8Array
  pem: string
  /** Hex of the serial's INTEGER bytes, as TCertificateInfo.serialNumber gives it. */
  serialNumber: string
}

export interface TCa {
  cert: TIssued
  key: CryptoKeyPair
}

export interface TIssueOptions {
  /** NCA writes "SURNAME GIVENNAME" here. */
  commonName: string
  surname?: string
  givenName?: string
  iin?: string
  bin?: string
  organization?: string
  email?: string
  keyUser: TKeyUser[]
  /** SIGN: digitalSignature + nonRepudiation; AUTH: digitalSignature + keyEncipherment, clientAuth; TSA: a timestamping authority. */
  usage: 'SIGN' | 'AUTH' | 'TSA'
  notBefore?: Date
  notAfter?: Date
  crlUrl?: string
}

export interface TIssuedCertificate {
  certDer: Uint8Array
  certPem: string
  keys: CryptoKeyPair
  serialNumber: string
}

export interface TSigner {
  certDer: Uint8Array
  keys: CryptoKeyPair
  /** Further certificates to carry in the CMS (intermediates). */
  chain?: Uint8Array[]
}

export function toPem(der: Uint8Array, label = 'CERTIFICATE'): string {
  const b64 = Buffer.from(der).toString('base64').replace(/(.{64})/g, '$1\n').trimEnd()
  return `-----BEGIN ${label}-----\n${b64}\n-----END ${label}-----\n`
}

/** A positive 16-byte serial with no leading zero byte. */
function newSerial(): Uint8Array {
  const b = randomBytes(16)
  b[0] = (b[0]! & 0x7f) | 0x10
  return new Uint8Array(b)
}

async function generateKeys(): Promise<CryptoKeyPair> {
  return (await subtle.generateKey(RSA, true, ['sign', 'verify'])) as CryptoKeyPair
}

/** RFC 5280: UTCTime through 2049, GeneralizedTime after; whole seconds (DER allows no zero fraction). */
function time(d: Date): pkijs.Time {
  const value = new Date(Math.floor(d.getTime() / 1000) * 1000)
  return new pkijs.Time({ type: value.getUTCFullYear() < 2050 ? 0 : 1, value })
}

type TNameValue = { oid: string; value: string; kind?: 'printable' | 'ia5' }

/** One attribute per RDN, in the given order (pkijs would put them all into one multi-valued RDN). */
function name(values: TNameValue[]): pkijs.RelativeDistinguishedNames {
  const seq = new asn1js.Sequence({
    value: values.map(
      (v) =>
        new asn1js.Set({
          value: [
            new asn1js.Sequence({
              value: [
                new asn1js.ObjectIdentifier({ value: v.oid }),
                v.kind === 'printable'
                  ? new asn1js.PrintableString({ value: v.value })
                  : v.kind === 'ia5'
                    ? new asn1js.IA5String({ value: v.value })
                    : new asn1js.Utf8String({ value: v.value }),
              ],
            }),
          ],
        }),
    ),
  })
  // Parsed back from its DER so the object keeps those bytes and re-encodes to exactly them.
  return new pkijs.RelativeDistinguishedNames({ schema: asn1js.fromBER(seq.toBER(false)).result })
}

function keyUsageExtension(bits: number): pkijs.Extension {
  let unused = 0
  while (unused < 7 && !(bits & (1 << unused))) unused++
  const value = new asn1js.BitString({ valueHex: new Uint8Array([bits]), unusedBits: unused })
  return new pkijs.Extension({ extnID: OID.keyUsage, critical: true, extnValue: value.toBER(false) })
}

function ext(extnID: string, value: { toSchema(): asn1js.AsnType } | asn1js.AsnType, critical = false): pkijs.Extension {
  const schema = 'toSchema' in value ? value.toSchema() : value
  return new pkijs.Extension({ extnID, critical, extnValue: schema.toBER(false) })
}

/** RFC 5280's first method: SHA-1 of the public key's BIT STRING contents. */
function keyId(spki: pkijs.PublicKeyInfo): Uint8Array {
  return new Uint8Array(createHash('sha1').update(spki.subjectPublicKey.valueBlock.valueHexView).digest())
}

function crlDistribution(url: string): pkijs.Extension {
  return ext(
    OID.crlDistributionPoints,
    new pkijs.CRLDistributionPoints({
      distributionPoints: [new pkijs.DistributionPoint({ distributionPoint: [new pkijs.GeneralName({ type: 6, value: url })] })],
    }),
  )
}

interface TCertSpec {
  subject: pkijs.RelativeDistinguishedNames
  publicKey: CryptoKey
  /** null: self-signed. */
  issuer: { name: pkijs.RelativeDistinguishedNames; keyId: Uint8Array } | null
  signingKey: CryptoKey
  notBefore: Date
  notAfter: Date
  extensions: pkijs.Extension[]
}

async function makeCertificate(spec: TCertSpec): Promise<TIssued> {
  const serial = newSerial()
  const spki = pkijs.PublicKeyInfo.fromBER(await subtle.exportKey('spki', spec.publicKey))
  const cert = new pkijs.Certificate({
    version: 2,
    serialNumber: new asn1js.Integer({ valueHex: serial }),
    subject: spec.subject,
    issuer: spec.issuer?.name ?? spec.subject,
    notBefore: time(spec.notBefore),
    notAfter: time(spec.notAfter),
    subjectPublicKeyInfo: spki,
    extensions: [
      ...spec.extensions,
      ext('2.5.29.14', new asn1js.OctetString({ valueHex: keyId(spki) })),
      ...(spec.issuer
        ? [ext('2.5.29.35', new pkijs.AuthorityKeyIdentifier({ keyIdentifier: new asn1js.OctetString({ valueHex: spec.issuer.keyId }) }))]
        : []),
    ],
  })
  await cert.sign(spec.signingKey, 'SHA-256', pkiEngine)
  const der = new Uint8Array(cert.toSchema(true).toBER(false))
  return { der, pem: toPem(der), serialNumber: Buffer.from(serial).toString('hex') }
}

/** What a CA's own certificate gives the certificates it issues: its exact subject bytes and its key id. */
function issuerOf(ca: TCa): { name: pkijs.RelativeDistinguishedNames; keyId: Uint8Array } {
  const cert = pkijs.Certificate.fromBER(buf(ca.cert.der))
  return { name: cert.subject, keyId: keyId(cert.subjectPublicKeyInfo) }
}

/** A root (self-signed) or, with `parent`, an intermediate CA: CA basic constraints, keyCertSign + cRLSign, key ids. */
export async function createCa(opts: { commonName: string; validDays?: number; parent?: TCa; notBefore?: Date; notAfter?: Date; crlUrl?: string }): Promise<TCa> {
  const key = await generateKeys()
  const notBefore = opts.notBefore ?? new Date(Date.now() - DAY)
  const extensions = [ext(OID.basicConstraints, new pkijs.BasicConstraints({ cA: true }), true), keyUsageExtension(KU.keyCertSign | KU.cRLSign)]
  if (opts.parent && opts.crlUrl) extensions.push(crlDistribution(opts.crlUrl))
  const subject = name([
    { oid: '2.5.4.6', value: 'KZ', kind: 'printable' },
    { oid: '2.5.4.3', value: opts.commonName },
  ])
  const cert = await makeCertificate({
    subject,
    publicKey: key.publicKey,
    issuer: opts.parent ? issuerOf(opts.parent) : null,
    signingKey: opts.parent?.key.privateKey ?? key.privateKey,
    notBefore,
    notAfter: opts.notAfter ?? new Date(notBefore.getTime() + (opts.validDays ?? 3650) * DAY),
    extensions,
  })
  return { cert, key }
}

/** NCA's subject layout: CN, SURNAME, SERIALNUMBER=IIN…, C=KZ, G, O, OU=BIN…, E. */
function ncaSubject(o: TIssueOptions): pkijs.RelativeDistinguishedNames {
  const values: TNameValue[] = [{ oid: '2.5.4.3', value: o.commonName }]
  if (o.surname) values.push({ oid: '2.5.4.4', value: o.surname })
  if (o.iin) values.push({ oid: '2.5.4.5', value: `IIN${o.iin}`, kind: 'printable' })
  values.push({ oid: '2.5.4.6', value: 'KZ', kind: 'printable' })
  if (o.givenName) values.push({ oid: '2.5.4.42', value: o.givenName })
  if (o.organization) values.push({ oid: '2.5.4.10', value: o.organization })
  if (o.bin) values.push({ oid: '2.5.4.11', value: `BIN${o.bin}`, kind: 'printable' })
  if (o.email) values.push({ oid: '1.2.840.113549.1.9.1', value: o.email, kind: 'ia5' })
  return name(values)
}

export async function issueCertificate(ca: TCa, opts: TIssueOptions): Promise<TIssuedCertificate> {
  const keys = await generateKeys()
  const notBefore = opts.notBefore ?? new Date(Date.now() - DAY)
  const roles = opts.keyUser.map((r) => KEY_USER_OID_BY_NAME[r])
  const usage =
    opts.usage === 'SIGN'
      ? { bits: KU.digitalSignature | KU.nonRepudiation, eku: [EKU_EMAIL_PROTECTION, ...roles] }
      : opts.usage === 'AUTH'
        ? { bits: KU.digitalSignature | KU.keyEncipherment, eku: [OID.ekuClientAuth, ...roles] }
        : { bits: KU.digitalSignature | KU.nonRepudiation, eku: [OID.ekuTimeStamping] }
  const extensions = [
    keyUsageExtension(usage.bits),
    // RFC 3161 wants the timestamping purpose critical and alone.
    ext(OID.extKeyUsage, new pkijs.ExtKeyUsage({ keyPurposes: usage.eku }), opts.usage === 'TSA'),
  ]
  if (opts.crlUrl) extensions.push(crlDistribution(opts.crlUrl))
  const cert = await makeCertificate({
    subject: ncaSubject(opts),
    publicKey: keys.publicKey,
    issuer: issuerOf(ca),
    signingKey: ca.key.privateKey,
    notBefore,
    notAfter: opts.notAfter ?? new Date(notBefore.getTime() + 365 * DAY),
    extensions,
  })
  return { certDer: cert.der, certPem: cert.pem, keys, serialNumber: cert.serialNumber }
}

/** A CRL signed by the CA; `serialNumber` as hex (TIssuedCertificate.serialNumber), `reason` an RFC 5280 CRLReason. */
export async function createCrl(
  ca: TCa,
  revoked: { serialNumber: string; revokedAt: Date; reason?: number }[],
  opts: { thisUpdate?: Date; nextUpdate?: Date } = {},
): Promise<Uint8Array<ArrayBuffer>> {
  const thisUpdate = opts.thisUpdate ?? new Date(Date.now() - 60_000)
  const issuer = issuerOf(ca)
  const crl = new pkijs.CertificateRevocationList({
    version: 1,
    issuer: issuer.name,
    thisUpdate: time(thisUpdate),
    nextUpdate: time(opts.nextUpdate ?? new Date(thisUpdate.getTime() + DAY)),
    ...(revoked.length
      ? {
          revokedCertificates: revoked.map(
            (r) =>
              new pkijs.RevokedCertificate({
                userCertificate: new asn1js.Integer({ valueHex: new Uint8Array(Buffer.from(r.serialNumber, 'hex')) }),
                revocationDate: time(r.revokedAt),
                ...(r.reason === undefined
                  ? {}
                  : { crlEntryExtensions: new pkijs.Extensions({ extensions: [ext(OID.crlReason, new asn1js.Enumerated({ value: r.reason }))] }) }),
              }),
          ),
        }
      : {}),
    crlExtensions: new pkijs.Extensions({
      extensions: [ext('2.5.29.35', new pkijs.AuthorityKeyIdentifier({ keyIdentifier: new asn1js.OctetString({ valueHex: issuer.keyId }) }))],
    }),
  })
  await crl.sign(ca.key.privateKey, 'SHA-256', pkiEngine)
  return new Uint8Array(crl.toSchema(true).toBER(false))
}

function signedAttributes(eContentType: string, digest: Uint8Array, signingTime: Date | null): pkijs.SignedAndUnsignedAttributes {
  const attributes = [
    new pkijs.Attribute({ type: OID.contentType, values: [new asn1js.ObjectIdentifier({ value: eContentType })] }),
    new pkijs.Attribute({ type: OID.messageDigest, values: [new asn1js.OctetString({ valueHex: digest })] }),
  ]
  if (signingTime) attributes.splice(1, 0, new pkijs.Attribute({ type: OID.signingTime, values: [new asn1js.UTCTime({ valueDate: signingTime })] }))
  return new pkijs.SignedAndUnsignedAttributes({ type: 0, attributes })
}

function sha256(data: Uint8Array): Uint8Array {
  return new Uint8Array(createHash('sha256').update(data).digest())
}

interface TSignOptions {
  /** Default now; null leaves the attribute out. */
  signingTime?: Date | null
  /** A timestamp token over the signature, from this TSA at this time. */
  timestamp?: { tsa: TSigner; genTime: Date }
}

async function addSigner(signedData: pkijs.SignedData, data: Uint8Array, signer: TSigner, detached: boolean, opts: TSignOptions): Promise<void> {
  const cert = pkijs.Certificate.fromBER(buf(signer.certDer))
  const carried = new Set((signedData.certificates ?? []).map((c) => (c instanceof pkijs.Certificate ? Buffer.from(c.toSchema().toBER()).toString('hex') : '')))
  for (const der of [signer.certDer, ...(signer.chain ?? [])]) {
    if (carried.has(Buffer.from(der).toString('hex'))) continue
    carried.add(Buffer.from(der).toString('hex'))
    ;(signedData.certificates ??= []).push(pkijs.Certificate.fromBER(buf(der)))
  }
  const signerInfo = new pkijs.SignerInfo({
    version: 1,
    sid: new pkijs.IssuerAndSerialNumber({ issuer: cert.issuer, serialNumber: cert.serialNumber }),
    signedAttrs: signedAttributes(signedData.encapContentInfo.eContentType, sha256(data), opts.signingTime === undefined ? new Date() : opts.signingTime),
  })
  signedData.signerInfos.push(signerInfo)
  await signedData.sign(signer.keys.privateKey, signedData.signerInfos.length - 1, 'SHA-256', detached ? buf(data) : undefined, pkiEngine)
  if (opts.timestamp) {
    const token = await createTimestampToken(opts.timestamp.tsa, signerInfo.signature.valueBlock.valueHexView, opts.timestamp.genTime)
    signerInfo.unsignedAttrs = new pkijs.SignedAndUnsignedAttributes({
      type: 1,
      attributes: [new pkijs.Attribute({ type: OID.timeStampToken, values: [asn1js.fromBER(token).result] })],
    })
  }
}

function encode(signedData: pkijs.SignedData): Uint8Array<ArrayBuffer> {
  const info = new pkijs.ContentInfo({ contentType: OID.signedData, content: signedData.toSchema(true) })
  return new Uint8Array(info.toSchema().toBER(false))
}

/** A CMS SignedData (CAdES-BES shape: contentType, signingTime, messageDigest signed), detached or with the data inside. */
export async function signCms(
  data: Uint8Array,
  signer: TSigner,
  opts: TSignOptions & { detached: boolean; eContentType?: string },
): Promise<Uint8Array<ArrayBuffer>> {
  const eContentType = opts.eContentType ?? OID.data
  const signedData = new pkijs.SignedData({
    version: 1,
    encapContentInfo: new pkijs.EncapsulatedContentInfo({
      eContentType,
      ...(opts.detached ? {} : { eContent: new asn1js.OctetString({ valueHex: data }) }),
    }),
    signerInfos: [],
    certificates: [],
  })
  await addSigner(signedData, data, signer, opts.detached, opts)
  return encode(signedData)
}

/**
 * Adds a signer to an existing CMS (co-signing, as NCALayer's "add signature" does): the old signer
 * infos stay as they are. `data` is required for a detached CMS.
 */
export async function cosignCms(cms: Uint8Array, signer: TSigner, opts: TSignOptions & { data?: Uint8Array } = {}): Promise<Uint8Array<ArrayBuffer>> {
  const info = pkijs.ContentInfo.fromBER(buf(cms))
  const signedData = new pkijs.SignedData({ schema: info.content })
  const eContent = signedData.encapContentInfo.eContent
  const data = eContent ? new Uint8Array(eContent.getValue()) : opts.data
  if (!data) throw new Error('cosignCms: a detached CMS needs its data')
  await addSigner(signedData, data, signer, !eContent, opts)
  return encode(signedData)
}

/** An RFC 3161 timestamp token (a CMS over a TSTInfo) for `signature`, as a TSA would return it. */
export async function createTimestampToken(tsa: TSigner, signature: Uint8Array, genTime: Date): Promise<Uint8Array<ArrayBuffer>> {
  const tstInfo = new pkijs.TSTInfo({
    version: 1,
    policy: TEST_TSA_POLICY,
    messageImprint: new pkijs.MessageImprint({
      hashAlgorithm: new pkijs.AlgorithmIdentifier({ algorithmId: DIGEST_OID['SHA-256'] }),
      hashedMessage: new asn1js.OctetString({ valueHex: sha256(signature) }),
    }),
    serialNumber: new asn1js.Integer({ value: Math.floor(Math.random() * 2 ** 31) }),
    genTime,
  })
  const der = new Uint8Array(tstInfo.toSchema().toBER(false))
  return signCms(der, tsa, { detached: false, eContentType: OID.tstInfo, signingTime: genTime })
}

const PEM_OF = (label: string) => new RegExp(`-----BEGIN ${label}-----([^-]*)-----END ${label}-----`)

/** A CA as one PEM text (its certificate and PKCS#8 private key), for a file the sandbox reads back with loadCaPem(). */
export async function caToPem(ca: TCa): Promise<string> {
  const pkcs8 = new Uint8Array(await subtle.exportKey('pkcs8', ca.key.privateKey))
  return `${ca.cert.pem}${toPem(pkcs8, 'PRIVATE KEY')}`
}

/** The CA of a PEM text written by caToPem() (or openssl: a CERTIFICATE block and an RSA PKCS#8 PRIVATE KEY block). */
export async function loadCaPem(text: string): Promise<TCa> {
  const certB64 = PEM_OF('CERTIFICATE').exec(text)?.[1]
  const keyB64 = PEM_OF('PRIVATE KEY').exec(text)?.[1]
  if (!certB64 || !keyB64) throw new Error('CA PEM: needs a CERTIFICATE and a PRIVATE KEY (PKCS#8) block')
  const der = new Uint8Array(Buffer.from(certB64.replace(/\s+/g, ''), 'base64'))
  const cert = pkijs.Certificate.fromBER(buf(der))
  const privateKey = await subtle.importKey('pkcs8', buf(new Uint8Array(Buffer.from(keyB64.replace(/\s+/g, ''), 'base64'))), RSA, true, ['sign'])
  const publicKey = await subtle.importKey('spki', cert.subjectPublicKeyInfo.toSchema().toBER(false), RSA, true, ['verify'])
  return {
    cert: { der, pem: toPem(der), serialNumber: Buffer.from(cert.serialNumber.valueBlock.valueHexView).toString('hex') },
    key: { privateKey, publicKey },
  }
}
