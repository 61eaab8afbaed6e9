import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createCa, issueCertificate, signCms, type TIssuedCertificate } from '../../server/lib/pki/ca'
import { useDb } from '../../server/lib/db'
import { resetConfigForTests } from '../../server/lib/config'
import { runEgovLogin } from '../../server/domains/auth'
import { startFakeEgovQr, type TFakeEgovQr } from '../fakes/egov-qr'
import { eventually } from '../helpers/eventually'
import { activeUser, call, setupAuthTest, uniqueIp, type TAuthTestEnv } from '../helpers/auth'

// Sign-in with a qualified certificate: a one-time text signed with an NCA key (a test CA
// the server trusts here), the account found by the linked certificate or the IIN.
let t: TAuthTestEnv
let base: string
let dir: string
let authKey: TIssuedCertificate
let otherKey: TIssuedCertificate
let rogue: TIssuedCertificate
const IIN = '880215300217'

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'd24-auth-cert-'))
  const ca = await createCa({ commonName: 'D24 AUTH TEST ROOT' })
  const rogueCa = await createCa({ commonName: 'UNTRUSTED ROOT' })
  ;[authKey, otherKey, rogue] = await Promise.all([
    issueCertificate(ca, { commonName: 'АХМЕТОВ АЙДАР', iin: IIN, keyUser: ['INDIVIDUAL'], usage: 'AUTH' }),
    issueCertificate(ca, { commonName: 'НОВЫЙ ЧЕЛОВЕК', iin: '950505400123', keyUser: ['INDIVIDUAL'], usage: 'AUTH' }),
    issueCertificate(rogueCa, { commonName: 'АХМЕТОВ АЙДАР', iin: IIN, keyUser: ['INDIVIDUAL'], usage: 'AUTH' }),
  ])
  writeFileSync(path.join(dir, 'trusted.pem'), ca.cert.pem)
  process.env.PKI_TRUSTED_CERTS = path.join(dir, 'trusted.pem')
  t = await setupAuthTest('auth_cert', 'kz', ['auth'])
  base = t.app.url
}, 60_000)

afterAll(async () => {
  delete process.env.PKI_TRUSTED_CERTS
  await t?.teardown()
  rmSync(dir, { recursive: true, force: true })
})

async function signIn(key: TIssuedCertificate, opts: { ip?: string; sign?: (text: Buffer) => Promise<Uint8Array> } = {}) {
  const ip = opts.ip ?? uniqueIp()
  const c = await call(base, 'POST', '/api/auth/certificate/challenge', { ip })
  expect(c.status).toBe(201)
  const text = Buffer.from(c.body.challenge, 'base64')
  const cms = await (opts.sign ?? ((x) => signCms(x, key, { detached: true })))(text)
  return call(base, 'POST', '/api/auth/certificate/login', { ip, body: { challengeId: c.body.challengeId, cms: Buffer.from(cms).toString('base64') } })
}

describe('sign-in with a qualified certificate', () => {
  it('finds the account by IIN, links the certificate, and answers a session like a password sign-in', async () => {
    const u = await activeUser(base)
    await useDb().user.update({ where: { id: u.userId }, data: { iin: IIN } })
    const r = await signIn(authKey)
    expect(r.status, JSON.stringify(r.body)).toBe(200)
    expect(r.body.user.id).toBe(u.userId)
    const me = await call(base, 'GET', '/api/auth/user', { token: r.body.accessToken })
    expect(me.status).toBe(200)
    expect(await useDb().userCertificate.count({ where: { userId: u.userId, serialNumber: authKey.serialNumber } })).toBe(1)
    const history = await useDb().loginHistory.findFirst({ where: { userId: u.userId, reason: 'certificate' } })
    expect(history?.success).toBe(true)
    const events = await useDb().$queryRaw<unknown[]>`SELECT 1 FROM event_outbox WHERE name = 'UserLoggedIn' AND payload->>'userId' = ${u.userId}`
    expect(events.length).toBeGreaterThanOrEqual(2)

    // Linked now: even with the IIN gone from the profile the certificate finds the account.
    await useDb().user.update({ where: { id: u.userId }, data: { iin: null } })
    const again = await signIn(authKey)
    expect(again.status).toBe(200)
    expect(again.body.user.id).toBe(u.userId)
  })

  it('an unknown certificate is 404 with what a sign-up can be prefilled with', async () => {
    const r = await signIn(otherKey)
    expect(r.status).toBe(404)
    expect(r.body.error).toMatchObject({ messageKey: 'errors.auth.certificate_unknown', params: { iin: '950505400123', name: 'НОВЫЙ ЧЕЛОВЕК' } })
  })

  it('refuses an untrusted certificate, a signature of other text, and a used or unknown challenge', async () => {
    const untrusted = await signIn(rogue)
    expect(untrusted.status).toBe(401)
    expect(untrusted.body.error.messageKey).toBe('errors.signature.untrusted')
    const other = await signIn(authKey, { sign: () => signCms(Buffer.from('some other text'), authKey, { detached: true }) })
    expect(other.status).toBe(401)
    expect(other.body.error.messageKey).toBe('errors.signature.content_mismatch')

    const ip = uniqueIp()
    const c = await call(base, 'POST', '/api/auth/certificate/challenge', { ip })
    const cms = Buffer.from(await signCms(Buffer.from(c.body.challenge, 'base64'), otherKey, { detached: true })).toString('base64')
    expect((await call(base, 'POST', '/api/auth/certificate/login', { ip, body: { challengeId: c.body.challengeId, cms } })).status).toBe(404)
    const reused = await call(base, 'POST', '/api/auth/certificate/login', { ip, body: { challengeId: c.body.challengeId, cms } })
    expect(reused.status).toBe(409)
    expect(reused.body.error.messageKey).toBe('errors.auth.challenge_expired')
  })

  it('shares the per-IP sign-in limit with password sign-in', async () => {
    const ip = uniqueIp()
    const statuses: number[] = []
    for (let i = 0; i < 32; i++) statuses.push((await call(base, 'POST', '/api/auth/certificate/challenge', { ip })).status)
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThan(0)
    expect((await call(base, 'POST', '/api/auth/login', { ip, body: { identifier: 'x@example.kz', password: 'whatever-123' } })).status).toBe(429)
  })
})

describe('sign-in with eGov mobile by QR', () => {
  let fake: TFakeEgovQr
  beforeAll(async () => {
    fake = await startFakeEgovQr({ holdMs: 400 })
    process.env.EGOV_QR_URL = fake.url
    process.env.EGOV_QR_POLL_MS = '1000'
    resetConfigForTests()
  })
  afterAll(async () => {
    delete process.env.EGOV_QR_URL
    delete process.env.EGOV_QR_POLL_MS
    resetConfigForTests()
    await fake?.close()
  })
  const run = (id: string) => runEgovLogin(id, { signal: new AbortController().signal, postpone: () => Promise.reject(new Error('postponed')) })
  const lastProcedure = () => fake.emulator.calls.filter((c) => c.op === 'register').pop()!.id!

  async function qr(ip: string) {
    const c = await call(base, 'POST', '/api/auth/certificate/challenge', { ip })
    const started = await call(base, 'POST', '/api/auth/certificate/egov', { ip, body: { challengeId: c.body.challengeId } })
    expect(started.status, JSON.stringify(started.body)).toBe(201)
    return { started: started.body as { id: string; secret: string; status: string }, challenge: Buffer.from(c.body.challenge, 'base64') }
  }

  it('the phone signs the challenge; only the browser holding the secret signs in with it, once', async () => {
    expect((await call(base, 'GET', '/api/auth/certificate/egov')).body).toEqual({ available: true })
    // The account this key was linked to by the NCALayer sign-ins above.
    const linked = await useDb().userCertificate.findFirstOrThrow({ where: { serialNumber: authKey.serialNumber } })
    const ip = uniqueIp()
    const { started, challenge } = await qr(ip)
    expect(started.status).toBe('waiting_scan')
    const id = lastProcedure()
    const running = run(started.id)

    const early = await call(base, 'POST', `/api/auth/certificate/egov/${started.id}/login`, { ip, body: { secret: started.secret } })
    expect(early.status).toBe(409)
    expect(early.body.error.messageKey).toBe('errors.auth.egov_login_not_signed')

    fake.emulator.scan(id)
    await eventually(() => expect(fake.emulator.view(id)?.state).toBe('ready'))
    let handed: Uint8Array | undefined
    await fake.emulator.sign(id, async (data) => {
      handed = data
      return signCms(data, authKey, { detached: true })
    })
    expect(Buffer.from(handed!).equals(challenge)).toBe(true)
    expect(await running).toBe('signed')
    const seen = await call(base, 'GET', `/api/auth/certificate/egov/${started.id}`, { ip })
    expect(seen.body.status).toBe('signed')
    expect(JSON.stringify(seen.body)).not.toMatch(/MI[A-Za-z0-9+/]{40}/)

    const stranger = await call(base, 'POST', `/api/auth/certificate/egov/${started.id}/login`, { ip, body: { secret: 'x'.repeat(43) } })
    expect(stranger.status).toBe(404)
    const ok = await call(base, 'POST', `/api/auth/certificate/egov/${started.id}/login`, { ip, body: { secret: started.secret } })
    expect(ok.status, JSON.stringify(ok.body)).toBe(200)
    expect(ok.body.user.id).toBe(linked.userId)
    expect((await call(base, 'GET', '/api/auth/user', { token: ok.body.accessToken })).status).toBe(200)
    const again = await call(base, 'POST', `/api/auth/certificate/egov/${started.id}/login`, { ip, body: { secret: started.secret } })
    expect(again.status).toBe(404)
  })

  it('an untrusted key signs on the phone: the sign-in is refused as NCALayer\'s would be; a decline on the phone fails the QR with its words', async () => {
    const ip = uniqueIp()
    const { started } = await qr(ip)
    const id = lastProcedure()
    const running = run(started.id)
    fake.emulator.scan(id)
    await eventually(() => expect(fake.emulator.view(id)?.state).toBe('ready'))
    await fake.emulator.sign(id, (data) => signCms(data, rogue, { detached: true }))
    expect(await running).toBe('signed')
    const refused = await call(base, 'POST', `/api/auth/certificate/egov/${started.id}/login`, { ip, body: { secret: started.secret } })
    expect(refused.status).toBe(401)
    expect(refused.body.error.messageKey).toBe('errors.signature.untrusted')

    const second = await qr(ip)
    const id2 = lastProcedure()
    const running2 = run(second.started.id)
    fake.emulator.scan(id2)
    await eventually(() => expect(fake.emulator.view(id2)?.state).toBe('ready'))
    fake.emulator.decline(id2)
    expect(await running2).toBe('failed')
    const failed = await call(base, 'GET', `/api/auth/certificate/egov/${second.started.id}`, { ip })
    expect(failed.body.error.key).toBe('errors.egov.refused')
    const cancelled = await call(base, 'POST', `/api/auth/certificate/egov/${second.started.id}/cancel`, { ip, body: { secret: second.started.secret } })
    expect(cancelled.body.status).toBe('failed')
  })

  it('without a QR service it is not offered and starting answers 503', async () => {
    delete process.env.EGOV_QR_URL
    resetConfigForTests()
    try {
      expect((await call(base, 'GET', '/api/auth/certificate/egov')).body).toEqual({ available: false })
      const ip = uniqueIp()
      const c = await call(base, 'POST', '/api/auth/certificate/challenge', { ip })
      const off = await call(base, 'POST', '/api/auth/certificate/egov', { ip, body: { challengeId: c.body.challengeId } })
      expect(off.status).toBe(503)
      expect(off.body.error.messageKey).toBe('errors.egov.not_configured')
    } finally {
      process.env.EGOV_QR_URL = fake.url
      resetConfigForTests()
    }
  })
})
