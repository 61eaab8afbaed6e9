import { createHash } from 'node:crypto'
import { createServer } from 'node:net'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { createTestDatabase } from '../helpers/db'
import { certInfo, cmsVerified, ncaNodeError, startFakeNcaNode, wireDate, type TFakeNcaNode } from '../fakes/ncanode'
import { resetConfigForTests } from '../../server/lib/config'
import { closeDb, useDb } from '../../server/lib/db'
import { checkCertificatesWithNcaNode, NcaNodeError, ncaNodeConf, verifyCmsWithNcaNode } from '../../server/integrations/ncanode'

let db: { url: string; drop: () => Promise<void> }
let fake: TFakeNcaNode

const CMS = Buffer.from('a CMS the fake does not read').toString('base64')
const DATA = Buffer.from('Договор купли-продажи').toString('base64')
const sha = (b64: string) => createHash('sha256').update(Buffer.from(b64, 'base64')).digest('hex')

function useNcaNode(url: string | undefined, timeoutMs?: number) {
  if (url) process.env.NCANODE_URL = url
  else delete process.env.NCANODE_URL
  if (timeoutMs) process.env.NCANODE_TIMEOUT_MS = String(timeoutMs)
  else delete process.env.NCANODE_TIMEOUT_MS
  resetConfigForTests()
}

async function rejection(p: Promise<unknown>): Promise<NcaNodeError> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  )
  expect(e).toBeInstanceOf(NcaNodeError)
  return e as NcaNodeError
}

const outbox = (id: string | null | undefined) => useDb().integrationOutbox.findUniqueOrThrow({ where: { id: String(id) } })

beforeAll(async () => {
  db = await createTestDatabase('ncanode')
  process.env.DATABASE_URL = db.url
  fake = await startFakeNcaNode()
})

beforeEach(() => {
  useNcaNode(fake.url)
  fake.requests.length = 0
  fake.verify = () => cmsVerified([{ cert: certInfo() }])
})

afterAll(async () => {
  await fake?.close()
  await closeDb()
  await db?.drop()
})

describe('NCANode adapter: /cms/verify', () => {
  it('maps a valid signature: who signed, when, key and revocation; asks OCSP and CRL; records digests, not the bytes', async () => {
    fake.verify = () => cmsVerified([{ cert: certInfo(), genTime: wireDate('2025-06-02T09:15:00.250Z') }])
    const { result, driver, outboxId } = await verifyCmsWithNcaNode({ cms: CMS, data: DATA }, { ref: 'signature:test-1' })

    expect(fake.requests).toEqual([
      expect.objectContaining({ method: 'POST', path: '/cms/verify', contentType: 'application/json', body: { cms: CMS, data: DATA, revocationCheck: ['OCSP', 'CRL'] } }),
    ])
    expect(driver).toBe('live')
    expect(result.valid).toBe(true)
    expect(result.signers).toHaveLength(1)
    const s = result.signers[0]!
    expect(s).toMatchObject({
      valid: true,
      serialNumber: '1e8737cdc449d036d39e67537dd70700048595a9',
      commonName: 'ДЕЛЬМАТОВ АЛМАЗ',
      surname: 'ДЕЛЬМАТОВ',
      givenName: 'АЛМАЗ',
      patronymic: 'УРАЗГАЛИЕВИЧ',
      iin: '941208351468',
      bin: null,
      organization: null,
      email: null,
      keyUser: ['INDIVIDUAL'],
      keyUsage: 'SIGN',
      signAlg: 'ECGOST3410-2015-512',
      revocation: 'good',
      revokedAt: null,
    })
    expect(s.signedAt).toEqual(new Date('2025-06-02T09:15:00.250Z'))
    expect(s.notBefore).toEqual(new Date('2025-01-28T08:31:43Z'))
    expect(s.notAfter).toEqual(new Date('2026-01-28T08:31:43Z'))

    const row = await outbox(outboxId)
    expect(row).toMatchObject({ provider: 'ncanode', operation: 'cms.verify', driver: 'live', status: 'sent', ref: 'signature:test-1', error: null })
    const payload = row.payload as { input: { cms: { bytes: number; sha256: string }; data: { sha256: string } }; result: { valid: boolean; signers: Array<{ iin: string }> } }
    expect(payload.input.cms).toEqual({ bytes: Buffer.from(CMS, 'base64').length, sha256: sha(CMS) })
    expect(payload.input.data.sha256).toBe(sha(DATA))
    expect(payload.result).toMatchObject({ valid: true, signers: [{ iin: '941208351468', revocation: 'good', signedAt: '2025-06-02T09:15:00.250Z' }] })
    expect(JSON.stringify(row.payload)).not.toContain(CMS)
  })

  it('sends no data for an attached CMS and maps an organisation key without a time-stamp', async () => {
    fake.verify = () =>
      cmsVerified([
        {
          cert: certInfo({
            keyUsage: 'AUTH',
            keyUser: ['CEO', 'ORGANIZATION'],
            signAlg: 'SHA256withRSA',
            subject: { commonName: 'ИВАНОВА АЙГЕРИМ', surName: 'ИВАНОВА', iin: '900101400123', bin: '050740004819', organization: 'ТОО «Ромашка»', email: 'ceo@romashka.kz' },
          }),
        },
      ])
    const { result } = await verifyCmsWithNcaNode({ cms: CMS })
    expect(fake.requests[0]!.body).toEqual({ cms: CMS, revocationCheck: ['OCSP', 'CRL'] })
    expect(result.signers[0]).toMatchObject({ keyUsage: 'AUTH', keyUser: ['CEO', 'ORGANIZATION'], bin: '050740004819', organization: 'ТОО «Ромашка»', email: 'ceo@romashka.kz', givenName: 'АЙГЕРИМ', patronymic: null, signedAt: null })
  })

  it('gives an invalid signature as a verdict, not an error', async () => {
    fake.verify = () => cmsVerified([{ cert: certInfo({ valid: false }) }], false)
    const { result, outboxId } = await verifyCmsWithNcaNode({ cms: CMS, data: DATA })
    expect(result.valid).toBe(false)
    expect(result.signers[0]!.valid).toBe(false)
    expect((await outbox(outboxId)).status).toBe('sent')
  })

  it('reads a revoked certificate, with the revocation time in the v1/v2 date format too', async () => {
    fake.verify = () =>
      cmsVerified([
        {
          cert: certInfo({
            valid: false,
            notBefore: '2023-02-01 10:00:00',
            notAfter: '2024-02-01 10:00:00',
            revocations: [
              { revoked: true, by: 'OCSP', revocationTime: '2023-05-01 12:30:00', reason: 'keyCompromise' },
              { revoked: false, by: 'CRL', revocationTime: null, reason: 'OK' },
            ],
          }),
        },
      ])
    const { result } = await verifyCmsWithNcaNode({ cms: CMS })
    const s = result.signers[0]!
    expect(s.revocation).toBe('revoked')
    expect(s.revokedAt).toEqual(new Date('2023-05-01T12:30:00Z'))
    expect(s.notBefore).toEqual(new Date('2023-02-01T10:00:00Z'))
    expect(s.revocationChecks).toEqual([
      { by: 'OCSP', revoked: true, at: new Date('2023-05-01T12:30:00Z'), reason: 'keyCompromise' },
      { by: 'CRL', revoked: false, at: null, reason: 'OK' },
    ])
  })

  it('says not_checked when no revocation source answered (an OCSP failure is not "good")', async () => {
    fake.verify = () => cmsVerified([{ cert: certInfo({ valid: false, revocations: [{ revoked: false, by: 'OCSP', reason: 'ocsp.pki.gov.kz: Try again' }] }) }])
    const { result } = await verifyCmsWithNcaNode({ cms: CMS })
    expect(result.signers[0]!.revocation).toBe('not_checked')
  })

  it("throws NCANode's refusal (4xx) as a typed BAD_REQUEST error and records it failed", async () => {
    fake.verify = () => ncaNodeError(400, 'Не удалось разобрать CMS')
    const e = await rejection(verifyCmsWithNcaNode({ cms: CMS }))
    expect(e).toMatchObject({ reason: 'rejected', code: 'BAD_REQUEST', status: 400, ncanodeStatus: 400, detail: 'Не удалось разобрать CMS', retryAfter: undefined })
    expect(e.retryable).toBe(false)
    const row = await outbox(e.params.outboxId as string)
    expect(row).toMatchObject({ provider: 'ncanode', status: 'failed', driver: 'live' })
    expect(row.error).toContain('Не удалось разобрать CMS')
  })

  it('throws a 5xx as retryable UNAVAILABLE, and a 200 whose body says 500 too', async () => {
    fake.verify = () => ncaNodeError(500, 'Internal error: kalkan')
    const e = await rejection(verifyCmsWithNcaNode({ cms: CMS }))
    expect(e).toMatchObject({ reason: 'failed', code: 'UNAVAILABLE', status: 503, ncanodeStatus: 500, retryAfter: 30 })

    fake.verify = () => ({ status: 200, body: { status: 500, message: 'OCSP down' } })
    expect(await rejection(verifyCmsWithNcaNode({ cms: CMS }))).toMatchObject({ reason: 'failed', ncanodeStatus: 500, detail: 'OCSP down' })
  })

  it('takes a bare 404 page for a wrong NCANODE_URL, not for a refusal', async () => {
    fake.verify = () => ({ status: 404, raw: '<html><body>Not Found</body></html>' })
    const e = await rejection(verifyCmsWithNcaNode({ cms: CMS }))
    expect(e).toMatchObject({ reason: 'failed', code: 'UNAVAILABLE' })
    expect(e.message).toMatch(/NCANODE_URL/)
  })

  it('throws an unreadable 200 as bad_answer', async () => {
    fake.verify = () => ({ status: 200, body: { status: 200, message: 'OK', valid: true, signers: [{ certificates: [{ valid: true, serialNumber: 'ab' }] }] } })
    const e = await rejection(verifyCmsWithNcaNode({ cms: CMS }))
    expect(e).toMatchObject({ reason: 'bad_answer', code: 'INTERNAL' })
    expect(e.message).toMatch(/notBefore/)
  })

  it('throws UNAVAILABLE (retryable) when NCANode is unreachable or too slow, and records both', async () => {
    const probe = createServer()
    await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r))
    const port = (probe.address() as AddressInfo).port
    await new Promise<void>((r) => probe.close(() => r()))
    useNcaNode(`http://127.0.0.1:${port}`)
    const gone = await rejection(verifyCmsWithNcaNode({ cms: CMS }))
    expect(gone).toMatchObject({ reason: 'unreachable', code: 'UNAVAILABLE', status: 503, retryAfter: 30, ncanodeStatus: 0 })
    expect((await outbox(gone.params.outboxId as string)).status).toBe('failed')

    useNcaNode(fake.url, 1000)
    fake.verify = () => ({ ...cmsVerified([{ cert: certInfo() }]), delayMs: 3000 })
    const slow = await rejection(verifyCmsWithNcaNode({ cms: CMS }))
    expect(slow).toMatchObject({ reason: 'timeout', code: 'UNAVAILABLE', retryAfter: 30 })
  })

  it('refuses to verify without NCANODE_URL and writes no outbox row', async () => {
    useNcaNode(undefined)
    expect(ncaNodeConf()).toBeNull()
    const before = await useDb().integrationOutbox.count({ where: { provider: 'ncanode' } })
    const e = await rejection(verifyCmsWithNcaNode({ cms: CMS }))
    expect(e).toMatchObject({ reason: 'not_configured', code: 'UNAVAILABLE', retryAfter: undefined })
    expect(await useDb().integrationOutbox.count({ where: { provider: 'ncanode' } })).toBe(before)
    expect(fake.requests).toHaveLength(0)
  })

  it('sends credentials in NCANODE_URL as Basic auth (a proxy in front of NCANode)', async () => {
    useNcaNode(fake.url.replace('http://', 'http://verifier:s%3Acret@'))
    await verifyCmsWithNcaNode({ cms: CMS })
    expect(fake.requests[0]!.authorization).toBe(`Basic ${Buffer.from('verifier:s:cret').toString('base64')}`)
  })
})

describe('NCANode adapter: /x509/info', () => {
  it('checks certificates alone', async () => {
    fake.x509 = () => ({ status: 200, body: { status: 200, message: 'OK', valid: false, signers: [certInfo({ valid: false, revocations: [{ revoked: true, by: 'CRL', revocationTime: wireDate('2024-03-01T00:00:00Z') }] })] } })
    const { result } = await checkCertificatesWithNcaNode(['MIIC…'])
    expect(fake.requests[0]).toMatchObject({ path: '/x509/info', body: { certs: ['MIIC…'], revocationCheck: ['OCSP', 'CRL'] } })
    expect(result.valid).toBe(false)
    expect(result.certificates[0]).toMatchObject({ revocation: 'revoked', revokedAt: new Date('2024-03-01T00:00:00Z'), signedAt: null })
  })
})
