import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  createCa,
  createCrl,
  createTrustStore,
  issueCertificate,
  signCms,
  verifyCms,
  type TCa,
  type TIssuedCertificate,
  type TSigner,
  type TTrustStore,
} from '../../server/lib/pki'

/**
 * CRL checking against a real HTTP server (node:http on a free port): the test CA's certificates
 * name it as their CRL distribution point. No database or Redis: the library has none.
 */
const HOUR = 60 * 60 * 1000
const DAY = 24 * HOUR
const data = new TextEncoder().encode('Акт приёма-передачи')

let server: Server
let base: string
const served = new Map<string, Uint8Array>()
const hits = new Map<string, number>()
let root: TCa
let nca: TCa
let trust: TTrustStore
const certs: Record<'revoked' | 'good' | 'superseded' | 'compromised' | 'forged' | 'lonely' | 'slow', TIssuedCertificate> = {} as never

const signer = (c: TIssuedCertificate): TSigner => ({ certDer: c.certDer, keys: c.keys, chain: [nca.cert.der] })
const crlOptions = { revocation: { mode: 'crl' as const, timeoutMs: 1000 } }

beforeAll(async () => {
  server = createServer((req, res) => {
    const path = req.url ?? ''
    hits.set(path, (hits.get(path) ?? 0) + 1)
    if (path === '/slow.crl') return // never answers: the client's timeout has to end it
    const body = served.get(path)
    if (!body) return res.writeHead(404).end()
    res.writeHead(200, { 'content-type': 'application/pkix-crl', 'content-length': body.byteLength }).end(body)
  })
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`

  const yearAgo = new Date(Date.now() - 365 * DAY)
  root = await createCa({ commonName: 'TEST ROOT (RSA)', notBefore: yearAgo })
  nca = await createCa({ commonName: 'TEST NCA (RSA)', parent: root, notBefore: yearAgo })
  trust = createTrustStore([root.cert.der])
  const issue = (name: string, crl: string) =>
    issueCertificate(nca, { commonName: name, iin: '123456789011', keyUser: ['INDIVIDUAL'], usage: 'SIGN', notBefore: yearAgo, notAfter: new Date(Date.now() + 365 * DAY), crlUrl: `${base}${crl}` })
  const names = ['revoked', 'good', 'superseded', 'compromised', 'forged', 'lonely', 'slow'] as const
  const issued = await Promise.all(
    names.map((n) => issue(n.toUpperCase(), n === 'forged' ? '/forged.crl' : n === 'lonely' ? '/lonely.crl' : n === 'slow' ? '/slow.crl' : '/nca.crl')),
  )
  names.forEach((n, i) => (certs[n] = issued[i]!))

  const revokedAt = new Date(Date.now() - HOUR)
  served.set(
    '/nca.crl',
    await createCrl(nca, [
      { serialNumber: certs.revoked.serialNumber, revokedAt },
      { serialNumber: certs.superseded.serialNumber, revokedAt, reason: 4 },
      { serialNumber: certs.compromised.serialNumber, revokedAt, reason: 1 },
    ]),
  )
  // The right issuer name, someone else's key: a CRL anyone could have written.
  const impostor = await createCa({ commonName: 'TEST NCA (RSA)', parent: root })
  served.set('/forged.crl', await createCrl(impostor, [{ serialNumber: certs.forged.serialNumber, revokedAt }]))
  served.set('/lonely.crl', await createCrl(nca, []))
}, 60_000)

afterAll(async () => {
  server.closeAllConnections()
  await new Promise((ok) => server.close(ok))
})

describe('revocation by CRL', () => {
  it('a revoked certificate: cert_revoked, with the revocation time', async () => {
    const r = await verifyCms(await signCms(data, signer(certs.revoked), { detached: true }), { data, trust, ...crlOptions })
    expect(r).toMatchObject({ valid: false, problem: 'cert_revoked' })
    expect(r.signers[0]).toMatchObject({ revocation: 'revoked', chain: 'trusted' })
    expect(r.signers[0]!.revokedAt!.getTime()).toBeGreaterThan(Date.now() - 2 * HOUR)
  })

  it('a certificate the CRL does not list: good; the CRL is fetched once and kept until its nextUpdate', async () => {
    const before = hits.get('/nca.crl') ?? 0
    for (let i = 0; i < 3; i++) {
      const r = await verifyCms(await signCms(data, signer(certs.good), { detached: true }), { data, trust, ...crlOptions })
      expect(r).toMatchObject({ valid: true, problem: null })
      expect(r.signers[0]).toMatchObject({ revocation: 'good', revokedAt: null })
    }
    expect((hits.get('/nca.crl') ?? 0) - before).toBeLessThanOrEqual(1)
    expect(hits.get('/nca.crl')).toBeGreaterThanOrEqual(1)
  })

  it('revoked after the signature was made: still valid, unless the key was compromised (a signingTime proves nothing then)', async () => {
    const signingTime = new Date(Date.now() - 2 * HOUR)
    const superseded = await verifyCms(await signCms(data, signer(certs.superseded), { detached: true, signingTime }), { data, trust, ...crlOptions })
    expect(superseded).toMatchObject({ valid: true, problem: null })
    expect(superseded.signers[0]!.revocation).toBe('revoked')
    expect(superseded.signers[0]!.revokedAt).not.toBeNull()
    const compromised = await verifyCms(await signCms(data, signer(certs.compromised), { detached: true, signingTime }), { data, trust, ...crlOptions })
    expect(compromised).toMatchObject({ valid: false, problem: 'cert_revoked' })
    // Signed after the revocation: revoked whatever the reason.
    const late = await verifyCms(await signCms(data, signer(certs.superseded), { detached: true }), { data, trust, ...crlOptions })
    expect(late).toMatchObject({ valid: false, problem: 'cert_revoked' })
  })

  it('a CRL not signed by the issuer is not believed: not_checked, and the signature stays valid', async () => {
    const r = await verifyCms(await signCms(data, signer(certs.forged), { detached: true }), { data, trust, ...crlOptions })
    expect(r).toMatchObject({ valid: true, problem: null })
    expect(r.signers[0]!.revocation).toBe('not_checked')
    expect(hits.get('/forged.crl')).toBeGreaterThanOrEqual(1)
  })

  it('a CRL server that does not answer in time: not_checked within the timeout', async () => {
    const cms = await signCms(data, signer(certs.slow), { detached: true })
    const t = performance.now()
    const r = await verifyCms(cms, { data, trust, revocation: { mode: 'crl', timeoutMs: 300 } })
    expect(performance.now() - t).toBeLessThan(3000)
    expect(r).toMatchObject({ valid: true })
    expect(r.signers[0]!.revocation).toBe('not_checked')
  })

  it("mode 'off' asks nobody", async () => {
    const before = hits.get('/nca.crl') ?? 0
    const r = await verifyCms(await signCms(data, signer(certs.revoked), { detached: true }), { data, trust, revocation: { mode: 'off' } })
    expect(r).toMatchObject({ valid: true })
    expect(r.signers[0]!.revocation).toBe('not_checked')
    expect(hits.get('/nca.crl') ?? 0).toBe(before)
  })

  it('the CRL server stopped: not_checked, and the signature still valid', async () => {
    server.closeAllConnections()
    await new Promise((ok) => server.close(ok))
    const r = await verifyCms(await signCms(data, signer(certs.lonely), { detached: true }), { data, trust, ...crlOptions })
    expect(r).toMatchObject({ valid: true, problem: null })
    expect(r.signers[0]).toMatchObject({ revocation: 'not_checked', revokedAt: null })
    expect(hits.get('/lonely.crl') ?? 0).toBe(0)
  })
})
