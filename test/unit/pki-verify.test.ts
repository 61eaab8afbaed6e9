import { createHash, randomBytes } from 'node:crypto'
import * as asn1js from 'asn1js'
import * as pkijs from 'pkijs'
import { beforeAll, describe, expect, it } from 'vitest'
import {
  cosignCms,
  createCa,
  createTimestampToken,
  createTrustStore,
  decodeCms,
  issueCertificate,
  NCA_CERTIFICATES,
  parsePemBundle,
  signCms,
  toPem,
  verifyCms,
  type TCa,
  type TIssuedCertificate,
  type TSigner,
  type TTrustStore,
} from '../../server/lib/pki'
import { loadTrustStore } from '../../server/lib/pki/trust'

const DAY = 24 * 60 * 60 * 1000
const data = new TextEncoder().encode('Договор аренды № 17 от 01.12.2026')
const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex')

let root: TCa
let nca: TCa
let trust: TTrustStore
let person: TIssuedCertificate
let company: TIssuedCertificate
let auth: TIssuedCertificate
let expired: TIssuedCertificate
let tsa: TIssuedCertificate
let stranger: TIssuedCertificate
let strangerCa: TCa
let lookAlike: { root: TCa; nca: TCa; cert: TIssuedCertificate }

const signer = (c: TIssuedCertificate, ca: TCa = nca): TSigner => ({ certDer: c.certDer, keys: c.keys, chain: [ca.cert.der] })

beforeAll(async () => {
  // A year back, so signatures dated weeks ago find the whole chain already valid.
  const yearAgo = new Date(Date.now() - 365 * DAY)
  root = await createCa({ commonName: 'TEST ROOT (RSA)', notBefore: yearAgo })
  nca = await createCa({ commonName: 'TEST ҰЛТТЫҚ КУӘЛАНДЫРУШЫ ОРТАЛЫҚ (RSA)', parent: root, notBefore: yearAgo })
  trust = createTrustStore([root.cert.der])
  const otherRoot = await createCa({ commonName: 'SOMEONE ELSE' })
  const [p, c, a, e, t, s, fakeRoot] = await Promise.all([
    issueCertificate(nca, {
      commonName: 'ТЕСТОВ ТЕСТ',
      surname: 'ТЕСТОВ',
      givenName: 'ТЕСТОВИЧ',
      iin: '123456789011',
      email: 'test@example.kz',
      keyUser: ['INDIVIDUAL'],
      usage: 'SIGN',
    }),
    issueCertificate(nca, {
      commonName: 'ИВАНОВА АЙГУЛЬ',
      surname: 'ИВАНОВА',
      givenName: 'СЕРИКОВНА',
      iin: '890101400123',
      bin: '123456789021',
      organization: 'ТОО «ТЕСТ, ЛТД»',
      keyUser: ['ORGANIZATION', 'CEO'],
      usage: 'SIGN',
    }),
    issueCertificate(nca, { commonName: 'ТЕСТОВ ТЕСТ', surname: 'ТЕСТОВ', iin: '123456789011', keyUser: ['INDIVIDUAL'], usage: 'AUTH' }),
    issueCertificate(nca, {
      commonName: 'СТАРЫЙ КЛЮЧ',
      iin: '700101300111',
      keyUser: ['INDIVIDUAL'],
      usage: 'SIGN',
      notBefore: new Date(Date.now() - 40 * DAY),
      notAfter: new Date(Date.now() - 10 * DAY),
    }),
    issueCertificate(nca, { commonName: 'TIME-STAMPING AUTHORITY', keyUser: [], usage: 'TSA', notBefore: yearAgo }),
    issueCertificate(otherRoot, { commonName: 'ЧУЖОЙ', iin: '111111111111', keyUser: ['INDIVIDUAL'], usage: 'SIGN' }),
    // Same names as our root and CA, other keys: a chain that merely looks like ours.
    createCa({ commonName: 'TEST ROOT (RSA)' }),
  ])
  person = p!
  company = c!
  auth = a!
  expired = e!
  tsa = t!
  stranger = s!
  strangerCa = otherRoot
  const fakeNca = await createCa({ commonName: 'TEST ҰЛТТЫҚ КУӘЛАНДЫРУШЫ ОРТАЛЫҚ (RSA)', parent: fakeRoot })
  lookAlike = {
    root: fakeRoot,
    nca: fakeNca,
    cert: await issueCertificate(fakeNca, { commonName: 'ТЕСТОВ ТЕСТ', iin: '123456789011', keyUser: ['INDIVIDUAL'], usage: 'SIGN' }),
  }
}, 60_000)

describe('verifyCms: valid signatures', () => {
  it('a detached signature: valid, with the signer read from the certificate', async () => {
    const signedAt = new Date(Date.now() - 60_000)
    const cms = await signCms(data, signer(person), { detached: true, signingTime: signedAt })
    const r = await verifyCms(cms, { data, trust })
    expect(r).toMatchObject({ valid: true, problem: null, attached: false, content: null })
    expect(r.signers).toHaveLength(1)
    const s = r.signers[0]!
    expect(s).toMatchObject({ valid: true, problem: null, chain: 'trusted', revocation: 'not_checked', digestAlgorithm: 'SHA-256' })
    expect(s.contentDigestHex).toBe(sha256(data))
    expect(s.signedAt?.getTime()).toBe(Math.floor(signedAt.getTime() / 1000) * 1000)
    expect(s.certificate).toMatchObject({
      commonName: 'ТЕСТОВ ТЕСТ',
      surname: 'ТЕСТОВ',
      givenName: 'ТЕСТОВИЧ',
      iin: '123456789011',
      bin: null,
      organization: null,
      email: 'test@example.kz',
      keyUser: ['INDIVIDUAL'],
      keyUsage: 'SIGN',
      signAlg: 'SHA256withRSA',
      serialNumber: person.serialNumber,
    })
    expect(s.certificate.subjectDn).toBe('CN=ТЕСТОВ ТЕСТ, SURNAME=ТЕСТОВ, SERIALNUMBER=IIN123456789011, C=KZ, G=ТЕСТОВИЧ, E=test@example.kz')
    expect(s.certificate.issuerDn).toBe('C=KZ, CN=TEST ҰЛТТЫҚ КУӘЛАНДЫРУШЫ ОРТАЛЫҚ (RSA)')
    expect(Buffer.from(s.certificate.der).equals(Buffer.from(person.certDer))).toBe(true)
  })

  it('an attached signature of a company certificate: BIN and organisation, the content handed back (BER pieces over 64 KiB too)', async () => {
    const big = new Uint8Array(randomBytes(200 * 1024))
    for (const content of [data, big]) {
      const cms = await signCms(content, signer(company), { detached: false })
      const r = await verifyCms(cms, { trust })
      expect(r).toMatchObject({ valid: true, problem: null, attached: true })
      expect(Buffer.from(r.content!).equals(Buffer.from(content))).toBe(true)
      expect(r.signers[0]!.certificate).toMatchObject({
        iin: '890101400123',
        bin: '123456789021',
        organization: 'ТОО «ТЕСТ, ЛТД»',
        keyUser: ['ORGANIZATION', 'CEO'],
      })
      // The same bytes given as `data` are fine; others are not.
      expect((await verifyCms(cms, { trust, data: content })).valid).toBe(true)
      const other = await verifyCms(cms, { trust, data: new TextEncoder().encode('другие байты') })
      expect(other).toMatchObject({ valid: false, problem: 'content_mismatch' })
    }
  })

  it('base64 and PEM text are accepted as well as DER', async () => {
    const cms = await signCms(data, signer(person), { detached: true })
    expect((await verifyCms(Buffer.from(cms).toString('base64'), { data, trust })).valid).toBe(true)
    expect((await verifyCms(toPem(cms, 'CMS'), { data, trust })).valid).toBe(true)
    expect((await verifyCms(new TextEncoder().encode(toPem(cms, 'PKCS7')), { data, trust })).valid).toBe(true)
  })
})

describe('verifyCms: what makes a signature invalid', () => {
  it('other bytes than the signed ones: content_mismatch; no bytes for a detached CMS: content_missing', async () => {
    const cms = await signCms(data, signer(person), { detached: true })
    const changed = new Uint8Array(data)
    changed[3]! ^= 1
    expect(await verifyCms(cms, { data: changed, trust })).toMatchObject({ valid: false, problem: 'content_mismatch' })
    const missing = await verifyCms(cms, { trust })
    expect(missing).toMatchObject({ valid: false, problem: 'content_missing' })
    // Who signed is still told.
    expect(missing.signers[0]!.certificate.iin).toBe('123456789011')
  })

  it('a signature by another key than the certificate carries: signature_invalid', async () => {
    const cms = await signCms(data, { certDer: company.certDer, keys: person.keys, chain: [nca.cert.der] }, { detached: true })
    const r = await verifyCms(cms, { data, trust })
    expect(r).toMatchObject({ valid: false, problem: 'signature_invalid' })
    expect(r.signers[0]!.certificate.bin).toBe('123456789021')
  })

  it('a certificate that had expired when the signature was made: cert_expired; one signed while it was valid stays valid', async () => {
    const after = await signCms(data, signer(expired), { detached: true, signingTime: new Date(Date.now() - 5 * DAY) })
    expect(await verifyCms(after, { data, trust })).toMatchObject({ valid: false, problem: 'cert_expired' })
    const during = await signCms(data, signer(expired), { detached: true, signingTime: new Date(Date.now() - 20 * DAY) })
    expect(await verifyCms(during, { data, trust })).toMatchObject({ valid: true, problem: null })
    const before = await signCms(data, signer(expired), { detached: true, signingTime: new Date(Date.now() - 50 * DAY) })
    expect(await verifyCms(before, { data, trust })).toMatchObject({ valid: false, problem: 'cert_not_yet_valid' })
    // No signingTime: checked at `now`.
    const undated = await signCms(data, signer(expired), { detached: true, signingTime: null })
    expect(await verifyCms(undated, { data, trust })).toMatchObject({ valid: false, problem: 'cert_expired' })
    expect(await verifyCms(undated, { data, trust, now: new Date(Date.now() - 20 * DAY) })).toMatchObject({ valid: true })
  })

  it('a signingTime in the future is not believed: the certificate is checked at now', async () => {
    const cms = await signCms(data, signer(person), { detached: true, signingTime: new Date(Date.now() + 3 * 365 * DAY) })
    expect((await verifyCms(cms, { data, trust })).valid).toBe(true)
    const stale = await signCms(data, signer(expired), { detached: true, signingTime: new Date(Date.now() + DAY) })
    expect(await verifyCms(stale, { data, trust })).toMatchObject({ valid: false, problem: 'cert_expired' })
  })

  it('a CA outside the trust store: untrusted, also when its names copy ours', async () => {
    const r = await verifyCms(await signCms(data, signer(stranger, strangerCa), { detached: true }), { data, trust })
    expect(r).toMatchObject({ valid: false, problem: 'untrusted' })
    expect(r.signers[0]!.chain).toBe('untrusted')
    const fake = await signCms(
      data,
      { certDer: lookAlike.cert.certDer, keys: lookAlike.cert.keys, chain: [lookAlike.nca.cert.der, lookAlike.root.cert.der] },
      { detached: true },
    )
    expect(await verifyCms(fake, { data, trust })).toMatchObject({ valid: false, problem: 'untrusted' })
    // With the look-alike root trusted instead, the same CMS passes: the chain itself was sound.
    expect((await verifyCms(fake, { data, trust: createTrustStore([lookAlike.root.cert.der]) })).valid).toBe(true)
  })

  it('an AUTH (sign-in) key where a signing key is required: wrong_key_usage', async () => {
    const cms = await signCms(data, signer(auth), { detached: true })
    const plain = await verifyCms(cms, { data, trust })
    expect(plain.valid).toBe(true)
    expect(plain.signers[0]!.certificate.keyUsage).toBe('AUTH')
    expect(await verifyCms(cms, { data, trust, requireSigningKey: true })).toMatchObject({ valid: false, problem: 'wrong_key_usage' })
    const signing = await signCms(data, signer(person), { detached: true })
    expect((await verifyCms(signing, { data, trust, requireSigningKey: true })).valid).toBe(true)
  })

  it('broken bytes, random base64 and oversized input: cms_malformed, never a throw', async () => {
    const cms = await signCms(data, signer(person), { detached: true })
    const inputs: Array<string | Uint8Array> = [
      cms.subarray(0, cms.length - 10),
      new Uint8Array([...cms, 0]),
      new Uint8Array(randomBytes(512)),
      new Uint8Array([0x30, 0x80, 0x30, 0x80]),
      new Uint8Array([0x30, 0x84, 0xff, 0xff, 0xff, 0xff]),
      randomBytes(300).toString('base64'),
      Buffer.concat([Buffer.from([0x30, 0x82, 0x01, 0x00]), randomBytes(256)]).toString('base64'),
      'garbage',
      '',
      '-----BEGIN CMS-----\n!!!\n-----END CMS-----',
    ]
    for (const input of inputs) {
      expect(await verifyCms(input, { data, trust })).toMatchObject({ valid: false, problem: 'cms_malformed', signers: [] })
    }
    expect(decodeCms('garbage')).toBeNull()
    expect(await verifyCms(cms, { data, trust, limits: { maxSignatureBytes: 1000 } })).toMatchObject({ problem: 'cms_malformed' })
    const attached = await signCms(new Uint8Array(10_000), signer(person), { detached: false })
    expect(await verifyCms(attached, { trust, limits: { maxContentBytes: 5_000 } })).toMatchObject({ problem: 'cms_malformed' })
    expect((await verifyCms(attached, { trust, limits: { maxContentBytes: 20_000 } })).valid).toBe(true)
  })

  it('a GOST signature is recognised and left to NCANode: unsupported_algorithm', async () => {
    // Our own CMS with the digest algorithm swapped for GOST 34.311 (1.2.398.3.10.1.3.1).
    const cms = await signCms(data, signer(person), { detached: false })
    const info = pkijs.ContentInfo.fromBER(cms)
    const sd = new pkijs.SignedData({ schema: info.content })
    sd.signerInfos[0]!.digestAlgorithm = new pkijs.AlgorithmIdentifier({ algorithmId: '1.2.398.3.10.1.3.1' })
    const gost = new pkijs.ContentInfo({ contentType: info.contentType, content: sd.toSchema(true) }).toSchema().toBER()
    const r = await verifyCms(new Uint8Array(gost), { trust })
    expect(r).toMatchObject({ valid: false, problem: 'unsupported_algorithm' })
    expect(r.signers[0]!.certificate.iin).toBe('123456789011')
  })
})

describe('verifyCms: several signers', () => {
  it('two separate CMS over the same data are each verified with their own signer', async () => {
    const [a, b] = await Promise.all([signCms(data, signer(person), { detached: true }), signCms(data, signer(company), { detached: true })])
    const [ra, rb] = await Promise.all([verifyCms(a!, { data, trust }), verifyCms(b!, { data, trust })])
    expect(ra.valid && rb.valid).toBe(true)
    expect([ra.signers[0]!.certificate.iin, rb.signers[0]!.certificate.iin]).toEqual(['123456789011', '890101400123'])
  })

  it('one CMS with two signer infos (co-signing): both verified; one bad signer makes the whole invalid', async () => {
    for (const detached of [true, false]) {
      const first = await signCms(data, signer(person), { detached })
      const both = await cosignCms(first, signer(company), { data })
      const r = await verifyCms(both, { data, trust })
      expect(r).toMatchObject({ valid: true, problem: null, attached: !detached })
      expect(r.signers.map((s) => [s.valid, s.certificate.iin])).toEqual([
        [true, '123456789011'],
        [true, '890101400123'],
      ])
      const withStranger = await cosignCms(first, signer(stranger, strangerCa), { data })
      const bad = await verifyCms(withStranger, { data, trust })
      expect(bad).toMatchObject({ valid: false, problem: 'untrusted' })
      expect(bad.signers.map((s) => s.problem)).toEqual([null, 'untrusted'])
    }
  })
})

describe('verifyCms: timestamp tokens', () => {
  it("a token's genTime is the signing time: it proves a signature made while the certificate was valid", async () => {
    const genTime = new Date(Date.now() - 20 * DAY)
    // The signer claims a time after expiry; the TSA's token says when the signature existed.
    const cms = await signCms(data, signer(expired), {
      detached: true,
      signingTime: new Date(Date.now() - DAY),
      timestamp: { tsa: signer(tsa), genTime },
    })
    const r = await verifyCms(cms, { data, trust })
    expect(r).toMatchObject({ valid: true, problem: null })
    expect(r.signers[0]!.signedAt?.getTime()).toBe(genTime.getTime())
  })

  it('a token that stamps another signature is ignored', async () => {
    const cms = await signCms(data, signer(expired), { detached: true, signingTime: new Date(Date.now() - DAY) })
    const token = await createTimestampToken(signer(tsa), new Uint8Array(randomBytes(256)), new Date(Date.now() - 20 * DAY))
    const info = pkijs.ContentInfo.fromBER(cms)
    const sd = new pkijs.SignedData({ schema: info.content })
    sd.signerInfos[0]!.unsignedAttrs = new pkijs.SignedAndUnsignedAttributes({
      type: 1,
      attributes: [new pkijs.Attribute({ type: '1.2.840.113549.1.9.16.2.14', values: [asn1js.fromBER(token).result] })],
    })
    const grafted = new Uint8Array(new pkijs.ContentInfo({ contentType: info.contentType, content: sd.toSchema(true) }).toSchema().toBER())
    expect(await verifyCms(grafted, { data, trust })).toMatchObject({ valid: false, problem: 'cert_expired' })
  })

  it('a token from an untrusted TSA, or from a certificate not made for timestamps, is ignored', async () => {
    const strangerTsa = await issueCertificate(strangerCa, { commonName: 'FAKE TSA', keyUser: [], usage: 'TSA' })
    for (const tsaSigner of [signer(strangerTsa, strangerCa), signer(person)]) {
      const cms = await signCms(data, signer(expired), {
        detached: true,
        signingTime: new Date(Date.now() - DAY),
        timestamp: { tsa: tsaSigner, genTime: new Date(Date.now() - 20 * DAY) },
      })
      expect(await verifyCms(cms, { data, trust })).toMatchObject({ valid: false, problem: 'cert_expired' })
    }
  })
})

// Made by NCA's Kalkan (through NCANode) with NCA's test keys, over "test123", attached. From the test
// data of ncanode-kz/NCANode (src/test/groovy/kz/ncanode/unit/service/CmsServiceTest.groovy): the
// RSA one (SIGNED_CMS_ONE_SIGNER) and one signed by a GOST 2015 key and an RSA key (SIGNED_CMS).
const KALKAN_RSA =
  'MIIIIQYJKoZIhvcNAQcCoIIIEjCCCA4CAQExDzANBglghkgBZQMEAgEFADAWBgkqhkiG9w0BBwGgCQQHdGVzdDEyM6CCBf8wggX7MIID46ADAgECAhRCeTkKFB9TU6YpR7Ye1l6BdBRn0TANBgkqhkiG9w0BAQsFADAtMQswCQYDVQQGEwJLWjEeMBwGA1UEAwwV0rDQmtCeIDMuMCAoUlNBIFRFU1QpMB4XDTIxMDExODEzMDkxNFoXDTIyMDExODEzMDkxNFoweTEeMBwGA1UEAwwV0KLQldCh0KLQntCSINCi0JXQodCiMRUwEwYDVQQEDAzQotCV0KHQotCe0JIxGDAWBgNVBAUTD0lJTjEyMzQ1Njc4OTAxMTELMAkGA1UEBhMCS1oxGTAXBgNVBCoMENCi0JXQodCi0J7QktCY0KcwggEiMA0GCSqGSIb3DQEBAQUAA4IBDwAwggEKAoIBAQCZor6kfFpXvUiUcAHTbdlZo3xVI2QACOZv23edyL97C4OWFuUsZr/vTtz3JiuJ6fc5yjiOVnvQ5vMe0NXMzcjeMUUXtysQ8RMti46CNBslwf0HnUO/Nqth6pemhTy3WBQT0Fps+eyrTZBRxVsIKceC+iG2k9VcI7zoJv+c5UppciXYzgjKvXqBBzMLCfPmnJq8tgblxOIPLBYHhhG8vTBek2RRGCXySZQkhb6mbWPV/K9j7k3+htnTgNDrOnKGl/qzGTf/6ypfp4nXUonoU2giUxBqxd4G1e0mzyNlju2aBraMiWA8riUbLi5BUKkgOTO6KjEI9rPxkDjvMJKiIjsvAgMBAAGjggHFMIIBwTAOBgNVHQ8BAf8EBAMCBsAwHQYDVR0lBBYwFAYIKwYBBQUHAwQGCCqDDgMDBAEBMB8GA1UdIwQYMBaAFKaMFjN8uOg1ZwY+XkFXVaKvNFBoMB0GA1UdDgQWBBTj/jWt2jtFy+o6Px7UjyY9xVxVbjBeBgNVHSAEVzBVMFMGByqDDgMDAgMwSDAhBggrBgEFBQcCARYVaHR0cDovL3BraS5nb3Yua3ovY3BzMCMGCCsGAQUFBwICMBcMFWh0dHA6Ly9wa2kuZ292Lmt6L2NwczA8BgNVHR8ENTAzMDGgL6AthitodHRwOi8vdGVzdC5wa2kuZ292Lmt6L2NybC9uY2FfcnNhX3Rlc3QuY3JsMD4GA1UdLgQ3MDUwM6AxoC+GLWh0dHA6Ly90ZXN0LnBraS5nb3Yua3ovY3JsL25jYV9kX3JzYV90ZXN0LmNybDByBggrBgEFBQcBAQRmMGQwOAYIKwYBBQUHMAKGLGh0dHA6Ly90ZXN0LnBraS5nb3Yua3ovY2VydC9uY2FfcnNhX3Rlc3QuY2VyMCgGCCsGAQUFBzABhhxodHRwOi8vdGVzdC5wa2kuZ292Lmt6L29jc3AvMA0GCSqGSIb3DQEBCwUAA4ICAQBL20/qiRTaXdylnve3ToNmf+Mcj531wk6TvEUMSOxfWtF7YckqwOWg5jTrqw4qi7vlmTT+oXS6Q/Jm49eVfy/OyI+VyV6WRelBMS9hXy9OfAuGEklIW3100VZPdhNAM7Z+nHUr4nG7TrMdCwHtSwLIWbl58qonpHAHD5r5If1PwOvC4+65VC+3w8pP/2FsrjoawsjhfjoqZdI7YmZhWBwpaPlTeuYXdkB1ow3faopr3q5HZVg86fvmda9OD6ENp/dEOPG58tO19etbznuLueB5QRHyaVog1XiTT3ICEWVIG1RZwMSkYqGTFom4MFc9gqGRY+6TcjQc57pctPluj1b6E28orGMeQQZ0p2TQyUpDKIYdKKuZOxErnyJ+QUw7eRKU3Vm8zygsu0bCS4mA8yAbmjZRfUaDlD91mPBkhDdu5XUJnkN9x4feSAs8JMIb9p7pL8RjYjVw+GtHyNJ0KK3MraG6r0tgODBmKkCEueacgyBhj2i4IQuZob/afVmwcqrqzkDKWyyt+Rv3KjBj0b4QVVnh1URc7ZdIWUZPZGm+62IusuorqJqPP2JhARN32YsoKjSVy+7tEyp8qpHS/p6ZPKO3aOgzkavDjl5x+u5KceEpJi+CZMoHgqojF1QD5Tvre7nHfs1crY1HVwkctqpN+pwM8wy5MrYWPPswizbvNDGCAdswggHXAgEBMEUwLTELMAkGA1UEBhMCS1oxHjAcBgNVBAMMFdKw0JrQniAzLjAgKFJTQSBURVNUKQIUQnk5ChQfU1OmKUe2HtZegXQUZ9EwDQYJYIZIAWUDBAIBBQCgaTAYBgkqhkiG9w0BCQMxCwYJKoZIhvcNAQcBMBwGCSqGSIb3DQEJBTEPFw0yMjA5MjgxNDQwMzBaMC8GCSqGSIb3DQEJBDEiBCDs1xhw0ZYzFql+OsNAjJg1rYzw88G8cDUnwwJlU091rjANBgkqhkiG9w0BAQsFAASCAQAWbHGamaxr6OFOwGWa/uFrJ+acRLNTsnLebzAN/h3KzxBBcYCjFjO32EsEKLY6YcfTicLwjtO1C4hge8x//o+WR0MMsB7IqJBcTc8KijUXE9aJWZ7jqQFwam8hSTIvL30g7m2RqNhb/63OkqyaCUAUkAo/XBkhLxyE3fDa8KGRAaVn5IYVfrEgq9+kQYMAK9Z2HPlqc6cHXSo96NP9XlrrJXzhH4NjY5XnSIB1tmOU7vxei5Q1VLVlRaC4CTcyEa5+ZLjUyIEpwI6ZqtHxRn+8fSWYrfptZYwGmA8RZLtidY7KqasHHde2vmmoklHw1huMVlDhHW9G6yBqeqnj/dRz'
const KALKAN_GOST_AND_RSA =
  'MIIOHQYJKoZIhvcNAQcCoIIODjCCDgoCAQExHTAMBggqgw4DCgEDAwUAMA0GCWCGSAFlAwQCAQUAMBYGCSqGSIb3DQEHAaAJBAd0ZXN0MTIzoIIKQjCCBD8wggOnoAMCAQICFA/wYhHcgr6wAlP/oADx3oSr70VPMA4GCiqDDgMKAQECAwIFADBdMU4wTAYDVQQDDEXSsNCb0KLQotCr0pog0JrQo9OY0JvQkNCd0JTQq9Cg0KPQqNCrINCe0KDQotCQ0JvQq9KaIChHT1NUKSBURVNUIDIwMjIxCzAJBgNVBAYTAktaMB4XDTIyMDcyODEyMzQ0OFoXDTIzMDcyODEyMzQ0OFowgYExIjAgBgNVBAMMGdCi0JXQodCi0KLQntCSINCi0JXQodCi0KIxFzAVBgNVBAQMDtCi0JXQodCi0KLQntCSMRgwFgYDVQQFEw9JSU4xMjM0NTY3ODkwMTIxCzAJBgNVBAYTAktaMRswGQYDVQQqDBLQotCV0KHQotCi0J7QktCY0KcwgawwIwYJKoMOAwoBAQICMBYGCiqDDgMKAQECAgEGCCqDDgMKAQMDA4GEAASBgLOOXHNbAwmBdXM1lUrdDNOChBP1juxOouZVCupWIgyBGu82rSbU3CFpIC/j9KLbs8qUhz9ZkEpLUq0U0Tz6XLIJDs7jmAgWNdqoWRo/az24ILgB2XF9Q7cb0s/R+Nf333zxIKfvjGmBzZRU0emhQdHEQexNy0qvUS+vnxBaCvE7o4IBxjCCAcIwDgYDVR0PAQH/BAQDAgXgMDgGA1UdIAQxMC8wLQYGKoMOAwMCMCMwIQYIKwYBBQUHAgEWFWh0dHA6Ly9wa2kuZ292Lmt6L2NwczB3BggrBgEFBQcBAQRrMGkwKAYIKwYBBQUHMAGGHGh0dHA6Ly90ZXN0LnBraS5nb3Yua3ovb2NzcC8wPQYIKwYBBQUHMAKGMWh0dHA6Ly90ZXN0LnBraS5nb3Yua3ovY2VydC9uY2FfZ29zdDIwMjJfdGVzdC5jZXIwQQYDVR0fBDowODA2oDSgMoYwaHR0cDovL3Rlc3QucGtpLmdvdi5rei9jcmwvbmNhX2dvc3QyMDIyX3Rlc3QuY3JsMEMGA1UdLgQ8MDowOKA2oDSGMmh0dHA6Ly90ZXN0LnBraS5nb3Yua3ovY3JsL25jYV9nb3N0MjAyMl9kX3Rlc3QuY3JsMB0GA1UdJQQWMBQGCCsGAQUFBwMEBggqgw4DAwQBATAdBgNVHQ4EFgQUj/BiEdyCvrACU/+gAPHehKvvRU8wHwYDVR0jBBgwFoAU+tJLG6OgyWH+HKhQPmqiu0UNuKMwFgYGKoMOAwMFBAwwCgYIKoMOAwMFAQEwDgYKKoMOAwoBAQIDAgUAA4GBADTYLwuDvii+DiJSmeYNSDeQPWcOHBkwJQzNGZGpLmallncRZhEcsh383rul5gy33HWgRI0IEHakL7/w6DSFz189YxXOozD2PnlnZg2A4CeSOqH1bD8S7Ef1clVCXLPWYrvjoThlA4aHgzI51qkatBpgFltU31wrFykfJ97cpWx5MIIF+zCCA+OgAwIBAgIUQnk5ChQfU1OmKUe2HtZegXQUZ9EwDQYJKoZIhvcNAQELBQAwLTELMAkGA1UEBhMCS1oxHjAcBgNVBAMMFdKw0JrQniAzLjAgKFJTQSBURVNUKTAeFw0yMTAxMTgxMzA5MTRaFw0yMjAxMTgxMzA5MTRaMHkxHjAcBgNVBAMMFdCi0JXQodCi0J7QkiDQotCV0KHQojEVMBMGA1UEBAwM0KLQldCh0KLQntCSMRgwFgYDVQQFEw9JSU4xMjM0NTY3ODkwMTExCzAJBgNVBAYTAktaMRkwFwYDVQQqDBDQotCV0KHQotCe0JLQmNCnMIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAmaK+pHxaV71IlHAB023ZWaN8VSNkAAjmb9t3nci/ewuDlhblLGa/707c9yYrien3Oco4jlZ70ObzHtDVzM3I3jFFF7crEPETLYuOgjQbJcH9B51DvzarYeqXpoU8t1gUE9BabPnsq02QUcVbCCnHgvohtpPVXCO86Cb/nOVKaXIl2M4Iyr16gQczCwnz5pyavLYG5cTiDywWB4YRvL0wXpNkURgl8kmUJIW+pm1j1fyvY+5N/obZ04DQ6zpyhpf6sxk3/+sqX6eJ11KJ6FNoIlMQasXeBtXtJs8jZY7tmga2jIlgPK4lGy4uQVCpIDkzuioxCPaz8ZA47zCSoiI7LwIDAQABo4IBxTCCAcEwDgYDVR0PAQH/BAQDAgbAMB0GA1UdJQQWMBQGCCsGAQUFBwMEBggqgw4DAwQBATAfBgNVHSMEGDAWgBSmjBYzfLjoNWcGPl5BV1WirzRQaDAdBgNVHQ4EFgQU4/41rdo7RcvqOj8e1I8mPcVcVW4wXgYDVR0gBFcwVTBTBgcqgw4DAwIDMEgwIQYIKwYBBQUHAgEWFWh0dHA6Ly9wa2kuZ292Lmt6L2NwczAjBggrBgEFBQcCAjAXDBVodHRwOi8vcGtpLmdvdi5rei9jcHMwPAYDVR0fBDUwMzAxoC+gLYYraHR0cDovL3Rlc3QucGtpLmdvdi5rei9jcmwvbmNhX3JzYV90ZXN0LmNybDA+BgNVHS4ENzA1MDOgMaAvhi1odHRwOi8vdGVzdC5wa2kuZ292Lmt6L2NybC9uY2FfZF9yc2FfdGVzdC5jcmwwcgYIKwYBBQUHAQEEZjBkMDgGCCsGAQUFBzAChixodHRwOi8vdGVzdC5wa2kuZ292Lmt6L2NlcnQvbmNhX3JzYV90ZXN0LmNlcjAoBggrBgEFBQcwAYYcaHR0cDovL3Rlc3QucGtpLmdvdi5rei9vY3NwLzANBgkqhkiG9w0BAQsFAAOCAgEAS9tP6okU2l3cpZ73t06DZn/jHI+d9cJOk7xFDEjsX1rRe2HJKsDloOY066sOKou75Zk0/qF0ukPyZuPXlX8vzsiPlclelkXpQTEvYV8vTnwLhhJJSFt9dNFWT3YTQDO2fpx1K+Jxu06zHQsB7UsCyFm5efKqJ6RwBw+a+SH9T8DrwuPuuVQvt8PKT/9hbK46GsLI4X46KmXSO2JmYVgcKWj5U3rmF3ZAdaMN32qKa96uR2VYPOn75nWvTg+hDaf3RDjxufLTtfXrW857i7ngeUER8mlaINV4k09yAhFlSBtUWcDEpGKhkxaJuDBXPYKhkWPuk3I0HOe6XLT5bo9W+hNvKKxjHkEGdKdk0MlKQyiGHSirmTsRK58ifkFMO3kSlN1ZvM8oLLtGwkuJgPMgG5o2UX1Gg5Q/dZjwZIQ3buV1CZ5DfceH3kgLPCTCG/ae6S/EY2I1cPhrR8jSdCitzK2huq9LYDgwZipAhLnmnIMgYY9ouCELmaG/2n1ZsHKq6s5Aylssrfkb9yowY9G+EFVZ4dVEXO2XSFlGT2RpvutiLrLqK6iajz9iYQETd9mLKCo0lcvu7RMqfKqR0v6emTyjt2joM5Grw45ecfruSnHhKSYvgmTKB4KqIxdUA+U763u5x37NXK2NR1cJHLaqTfqcDPMMuTK2Fjz7MIs27zQxggOGMIIBpwIBATB1MF0xTjBMBgNVBAMMRdKw0JvQotCi0KvSmiDQmtCj05jQm9CQ0J3QlNCr0KDQo9Co0Ksg0J7QoNCi0JDQm9Cr0pogKEdPU1QpIFRFU1QgMjAyMjELMAkGA1UEBhMCS1oCFA/wYhHcgr6wAlP/oADx3oSr70VPMAwGCCqDDgMKAQMDBQCggYkwGAYJKoZIhvcNAQkDMQsGCSqGSIb3DQEHATAcBgkqhkiG9w0BCQUxDxcNMjIwOTI3MjExNzU5WjBPBgkqhkiG9w0BCQQxQgRA8K/dZvgyuyGch88BNrr1UqD7ZjBvTyoXNibxHhSn7yVS1LIIf9jpT2BE/lWV3GgeAvkrNL+T+9FZCRDjdrEpkDAOBgoqgw4DCgEBAgMCBQAEgYCqyGQZXzGS2iD+PskK/LH0rV8WjCdzL/YbjpWHlx+CC67EPYj5gZVdZbgdH0XROv/jFkKw3Ym9FMJyt87wS7gc5K3f1CYidnw+NN5oA/G7+IP/MsYLsiNiRjDjo3cq3VmqU4g8kk4/i70NfmaiUWf8LRCr33nFz8tx66vJZG3rcDCCAdcCAQEwRTAtMQswCQYDVQQGEwJLWjEeMBwGA1UEAwwV0rDQmtCeIDMuMCAoUlNBIFRFU1QpAhRCeTkKFB9TU6YpR7Ye1l6BdBRn0TANBglghkgBZQMEAgEFAKBpMBgGCSqGSIb3DQEJAzELBgkqhkiG9w0BBwEwHAYJKoZIhvcNAQkFMQ8XDTIyMDkyNzIxMTc1OVowLwYJKoZIhvcNAQkEMSIEIOzXGHDRljMWqX46w0CMmDWtjPDzwbxwNSfDAmVTT3WuMA0GCSqGSIb3DQEBCwUABIIBAI1y05W3AuXImBApzvNiuTxkWsjUs+oJUgiZefZcVuhifW47Knbj5t6ZRtNB1BOjfXIbta5SAtrfV9Xw07pFLoL1DeFeORHtjTiuKw1gVWsJ8ITjwq9I+D7EvJaBvSSn3R4BID00epSK7bvdWu70VJvtQV4gkgO5p8b4DL77glvMANq5fEtB2TYUYep5SQiAmBt8++/XjEkhnf05/RIErwZFsWxGdlIf7FPexSFeVX21KH6nEoNswIBHU5mDPkoPH/vNyoQvjXEut3ztWMHLeOCQ+iIPMGMzNF/O+Vvx1A2G/L088HC42VI2AmHpnE/3/h7soB7SAPfhs7hjASSPtYI='

describe('verifyCms: CMS made by Kalkan (NCA test keys)', () => {
  const test123 = new TextEncoder().encode('test123')

  it('the RSA signature verifies; the signer is read as NCANode reads it; NCA test CAs are not trusted', async () => {
    const r = await verifyCms(KALKAN_RSA, { trust, data: test123 })
    // untrusted comes after the signature check: the signature itself held.
    expect(r).toMatchObject({ valid: false, problem: 'untrusted', attached: true })
    expect(r.signers[0]).toMatchObject({ problem: 'untrusted', digestAlgorithm: 'SHA-256', signedAt: new Date('2022-09-28T14:40:30Z') })
    expect(r.signers[0]!.certificate).toMatchObject({
      iin: '123456789011',
      surname: 'ТЕСТОВ',
      givenName: 'ТЕСТОВИЧ',
      commonName: 'ТЕСТОВ ТЕСТ',
      keyUser: ['INDIVIDUAL'],
      keyUsage: 'SIGN',
      serialNumber: '4279390a141f5353a62947b61ed65e81741467d1',
      issuerDn: 'C=KZ, CN=ҰКО 3.0 (RSA TEST)',
    })
    expect(await verifyCms(KALKAN_RSA, { trust, data: new TextEncoder().encode('test124') })).toMatchObject({ problem: 'content_mismatch' })
  })

  it('a GOST and an RSA signer: the GOST one unsupported_algorithm, the RSA one checked', async () => {
    const r = await verifyCms(KALKAN_GOST_AND_RSA, { trust, data: test123 })
    expect(r).toMatchObject({ valid: false, problem: 'unsupported_algorithm' })
    expect(r.signers.map((s) => [s.problem, s.certificate.iin, s.digestAlgorithm])).toEqual([
      ['unsupported_algorithm', '123456789012', '1.2.398.3.10.1.3.3'],
      ['untrusted', '123456789011', 'SHA-256'],
    ])
  })
})

describe('trust store', () => {
  it('parsePemBundle reads every certificate and refuses a broken one', () => {
    const bundle = `${root.cert.pem}\n# comment\n${nca.cert.pem}`
    expect(parsePemBundle(bundle).map((d) => Buffer.from(d).toString('hex'))).toEqual([root.cert.der, nca.cert.der].map((d) => Buffer.from(d).toString('hex')))
    expect(() => parsePemBundle('-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----')).toThrow(/certificate 1/)
    const store = createTrustStore(parsePemBundle(bundle))
    expect([store.roots.length, store.intermediates.length]).toEqual([1, 1])
  })

  it('loadTrustStore adds the PKI_TRUSTED_CERTS bundle and given PEMs to the shipped certificates', async () => {
    const { mkdtempSync, writeFileSync, rmSync } = await import('node:fs')
    const { tmpdir } = await import('node:os')
    const path = await import('node:path')
    const { resetConfigForTests } = await import('../../server/lib/config')
    const dir = mkdtempSync(path.join(tmpdir(), 'd24-pki-'))
    try {
      const file = path.join(dir, 'bundle.pem')
      writeFileSync(file, root.cert.pem)
      process.env.PKI_TRUSTED_CERTS = file
      resetConfigForTests()
      const fromEnv = loadTrustStore()
      expect(fromEnv.rootHashes.size).toBe(1)
      expect(loadTrustStore()).toBe(fromEnv)
      const cms = await signCms(data, signer(person), { detached: true })
      expect((await verifyCms(cms, { data, trust: fromEnv })).valid).toBe(true)
      expect(loadTrustStore({ pems: [strangerCa.cert.pem] }).rootHashes.size).toBe(2)
      delete process.env.PKI_TRUSTED_CERTS
      resetConfigForTests()
      expect((await verifyCms(cms, { data, trust: loadTrustStore() })).problem).toBe('untrusted')
    } finally {
      delete process.env.PKI_TRUSTED_CERTS
      resetConfigForTests()
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('the shipped NCA certificates parse (pkijs here, @peculiar/x509 as an independent reader)', async () => {
    // @peculiar/x509's tsyringe throws on import without a Reflect metadata polyfill, and none is installed:
    // the few calls it makes are given here, for this test only.
    const R = Reflect as unknown as Record<string, unknown>
    if (typeof R.getMetadata !== 'function') {
      const store = new WeakMap<object, Map<unknown, unknown>>()
      const own = (target: object) => store.get(target) ?? store.set(target, new Map()).get(target)!
      R.defineMetadata = (key: unknown, value: unknown, target: object) => own(target).set(key, value)
      R.getOwnMetadata = (key: unknown, target: object) => store.get(target)?.get(key)
      R.getMetadata = (key: unknown, target: object) => {
        for (let t: object | null = target; t; t = Object.getPrototypeOf(t)) if (store.get(t)?.has(key)) return store.get(t)!.get(key)
        return undefined
      }
      R.metadata = (key: unknown, value: unknown) => (target: object) => own(target).set(key, value)
    }
    const x509 = await import('@peculiar/x509')
    expect(NCA_CERTIFICATES.length).toBeGreaterThan(0)
    for (const shipped of NCA_CERTIFICATES) {
      const cert = new x509.X509Certificate(shipped.pem)
      expect(cert.subject).toContain('ҰЛТТЫҚ КУӘЛАНДЫРУШЫ ОРТАЛЫҚ (RSA)')
      expect(cert.issuer).toContain('НЕГІЗГІ КУӘЛАНДЫРУШЫ ОРТАЛЫҚ (RSA)')
      expect(cert.notAfter.toISOString()).toBe('2025-06-25T04:26:36.000Z')
      const bc = cert.getExtension(x509.BasicConstraintsExtension)
      expect(bc?.ca).toBe(true)
      expect(parsePemBundle(shipped.pem)).toHaveLength(1)
    }
    // Intermediates only: nothing chains to NCA until its roots are configured.
    const store = loadTrustStore()
    expect(store.roots).toHaveLength(0)
    expect(store.intermediates.length).toBe(NCA_CERTIFICATES.length)
  })
})
