import { createHash } from 'node:crypto'
import { mkdirSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { PDFDocument } from 'pdf-lib'
import { extractText } from 'unpdf'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createCa, issueCertificate, signCms, type TCa, type TIssuedCertificate } from '../../server/lib/pki/ca'
import { resetConfigForTests } from '../../server/lib/config'
import { useDb } from '../../server/lib/db'
import { unseal } from '../../server/lib/seal'
import { runEgovSession, sweepSigningRequests } from '../../server/domains/explorer'
import { startFakeEgovQr, type TFakeEgovQr } from '../fakes/egov-qr'
import { eventually } from '../helpers/eventually'
import { startWorker } from '../../server/workers/worker'
import { useSharedQueues, WAITS_QUEUE } from '../../server/events/queues'
import { activeUser, call } from '../helpers/auth'
import { ARTIFACTS_DIR } from '../helpers/browser'
import { startCabinetEnv, uploadFile, type TCabinetEnv } from '../helpers/cabinet-env'
import { runOutboxEvents } from '../helpers/outbox-events'
import { inviteAndAccept, ownerWithWorkspace, VALID_BIN } from '../helpers/workspace'

// Qualified signatures on files through the route, with a test CA made at run time that the
// server trusts (PKI_TRUSTED_CERTS): what passes is stored with FileSigned, what does not is
// refused with the check that failed and nothing is stored; a company signature needs the
// company's BIN in the certificate and a verified workspace.

let env: TCabinetEnv
let base: string
type TUser = Awaited<ReturnType<typeof activeUser>>
let owner: TUser
let member: TUser
let companyId: string
let ca: TCa
let person: TIssuedCertificate
let second: TIssuedCertificate
let director: TIssuedCertificate
let stranger: TIssuedCertificate
let expired: TIssuedCertificate
let authKey: TIssuedCertificate
let rogue: TIssuedCertificate

const IIN = '900101300126'
const IIN2 = '851231400011'

beforeAll(async () => {
  ca = await createCa({ commonName: 'D24 TEST ROOT' })
  const rogueCa = await createCa({ commonName: 'NOT TRUSTED ROOT' })
  const now = Date.now()
  ;[person, second, director, stranger, expired, authKey, rogue] = await Promise.all([
    issueCertificate(ca, { commonName: 'ИВАНОВ ИВАН', surname: 'ИВАНОВ', givenName: 'ИВАН', iin: IIN, keyUser: ['INDIVIDUAL'], usage: 'SIGN' }),
    issueCertificate(ca, { commonName: 'ПЕТРОВА АННА', surname: 'ПЕТРОВА', givenName: 'АННА', iin: IIN2, keyUser: ['INDIVIDUAL'], usage: 'SIGN' }),
    issueCertificate(ca, { commonName: 'ИВАНОВ ИВАН', iin: IIN, bin: VALID_BIN, organization: 'ТОО «Files LLP»', keyUser: ['ORGANIZATION', 'CEO'], usage: 'SIGN' }),
    issueCertificate(ca, { commonName: 'СИДОРОВ ПЁТР', iin: IIN2, bin: '960440000220', organization: 'ТОО «Другая»', keyUser: ['ORGANIZATION'], usage: 'SIGN' }),
    issueCertificate(ca, { commonName: 'СТАРЫЙ КЛЮЧ', iin: IIN, keyUser: ['INDIVIDUAL'], usage: 'SIGN', notBefore: new Date(now - 800 * 86400e3), notAfter: new Date(now - 400 * 86400e3) }),
    issueCertificate(ca, { commonName: 'ИВАНОВ ИВАН', iin: IIN, keyUser: ['INDIVIDUAL'], usage: 'AUTH' }),
    issueCertificate(rogueCa, { commonName: 'ИВАНОВ ИВАН', iin: IIN, keyUser: ['INDIVIDUAL'], usage: 'SIGN' }),
  ])
  env = await startCabinetEnv('explorer_sign', ['auth', 'workspace', 'explorer', 'signing'], { trustedPem: ca.cert.pem })
  base = env.base
  const company = await ownerWithWorkspace(base, 'Files LLP')
  owner = company.owner
  companyId = company.workspace.id
  member = await activeUser(base)
  await inviteAndAccept(base, owner.accessToken, companyId, member, 'member')
}, 90_000)

afterAll(() => env?.close())

const contract = (n: string) => Buffer.from(`%PDF-1.4\n% contract ${n}\ntrailer <<>>\n%%EOF\n`)

/** A file of the company workspace, uploaded, confirmed and (unless `scan: false`) scanned clean. */
const fileWith = (bytes: Buffer, opts: { scan?: boolean } = {}) => uploadFile(base, owner.accessToken, companyId, 'Договор.pdf', bytes, opts)

const b64 = (u: Uint8Array) => Buffer.from(u).toString('base64')
const sign = (u: TUser, fileId: string, cms: Uint8Array | string, companyWorkspaceId?: string) =>
  call(base, 'POST', `/api/explorer/files/${fileId}/signatures`, {
    token: u.accessToken,
    body: { cms: typeof cms === 'string' ? cms : b64(cms), ...(companyWorkspaceId ? { companyWorkspaceId } : {}) },
  })
const stored = (fileId: string) => useDb().fileSignature.count({ where: { fileId } })

describe('signing a file', () => {
  it('stores a valid detached signature with the signer\'s data and publishes FileSigned; the same certificate twice is 409', async () => {
    const bytes = contract('A')
    const id = await fileWith(bytes)
    const r = await sign(member, id, await signCms(bytes, person, { detached: true }))
    expect(r.status, JSON.stringify(r.body)).toBe(201)
    expect(r.body).toMatchObject({ fileId: id, version: 1, iin: IIN, commonName: 'ИВАНОВ ИВАН', keyUser: ['INDIVIDUAL'], companyWorkspaceId: null, serialNumber: person.serialNumber })
    expect(r.body.signedAt).not.toBeNull()
    const events = await useDb().$queryRaw<{ payload: { fileId: string; iin: string; signatureId: string } }[]>`
      SELECT payload FROM event_outbox WHERE name = 'FileSigned' AND payload->>'fileId' = ${id}`
    expect(events).toHaveLength(1)
    expect(events[0]!.payload).toMatchObject({ iin: IIN, signatureId: r.body.id })

    const again = await sign(member, id, await signCms(bytes, person, { detached: true }))
    expect(again.status).toBe(409)
    expect(again.body.error.messageKey).toBe('errors.explorer.already_signed')

    // Co-signing: a second person's signature joins the first, in order.
    expect((await sign(owner, id, await signCms(bytes, second, { detached: true, signingTime: new Date(Date.now() + 1000) }))).status).toBe(201)
    const detail = await call(base, 'GET', `/api/explorer/files/${id}`, { token: owner.accessToken })
    expect(detail.body.signatures.map((s: { iin: string }) => s.iin)).toEqual([IIN, IIN2])
    expect(detail.body.signatureCount).toBe(2)
  })

  it('accepts a CMS with the file inside when it is exactly this file', async () => {
    const bytes = contract('B')
    const id = await fileWith(bytes)
    const r = await sign(member, id, await signCms(bytes, person, { detached: false }))
    expect(r.status, JSON.stringify(r.body)).toBe(201)
    const other = await fileWith(contract('B2'))
    const wrong = await sign(member, other, await signCms(bytes, second, { detached: false }))
    expect(wrong.status).toBe(400)
    expect(wrong.body.error.messageKey).toBe('errors.signature.content_mismatch')
  })

  it('refuses, storing nothing: other bytes, an expired or untrusted certificate, a sign-in key, a broken CMS', async () => {
    const bytes = contract('C')
    const id = await fileWith(bytes)
    const cases: Array<[string, Uint8Array | string]> = [
      ['content_mismatch', await signCms(contract('other'), person, { detached: true })],
      ['cert_expired', await signCms(bytes, expired, { detached: true, signingTime: new Date() })],
      ['untrusted', await signCms(bytes, rogue, { detached: true })],
      ['wrong_key_usage', await signCms(bytes, authKey, { detached: true })],
      ['cms_malformed', Buffer.from('this is not a signature at all').toString('base64')],
    ]
    for (const [problem, cms] of cases) {
      const r = await sign(member, id, cms)
      expect(r.status, `${problem}: ${JSON.stringify(r.body)}`).toBe(400)
      expect(r.body.error.messageKey, problem).toBe(`errors.signature.${problem}`)
    }
    expect(await stored(id)).toBe(0)
    const events = await useDb().$queryRaw<unknown[]>`SELECT 1 FROM event_outbox WHERE name = 'FileSigned' AND payload->>'fileId' = ${id}`
    expect(events).toHaveLength(0)
  })

  it('waits for the antivirus: a file still being checked cannot be signed', async () => {
    const bytes = contract('D')
    const id = await fileWith(bytes, { scan: false })
    const r = await sign(member, id, await signCms(bytes, person, { detached: true }))
    expect(r.status).toBe(409)
    expect(r.body.error.messageKey).toBe('errors.explorer.not_clean')
  })
})

describe('verification by anyone', () => {
  it('a signed file gets a public page by its code (IIN masked); a document with its .cms is checked without storing', async () => {
    const bytes = contract('V')
    const id = await fileWith(bytes)
    expect((await call(base, 'GET', `/api/explorer/files/${id}`, { token: owner.accessToken })).body.verifyCode).toBeNull()
    const cms = await signCms(bytes, person, { detached: true })
    expect((await sign(member, id, cms)).status).toBe(201)
    const code = (await call(base, 'GET', `/api/explorer/files/${id}`, { token: owner.accessToken })).body.verifyCode as string
    expect(code).toMatch(/^[a-z0-9]{12}$/)

    const page = await call(base, 'GET', `/api/explorer/verify/${code}`)
    expect(page.status, JSON.stringify(page.body)).toBe(200)
    expect(page.body).toMatchObject({ fileName: 'Договор.pdf', sha256: createHash('sha256').update(bytes).digest('hex') })
    expect(page.body.signatures).toHaveLength(1)
    expect(page.body.signatures[0]).toMatchObject({ commonName: 'ИВАНОВ ИВАН', iinMasked: '9001******26', valid: true })
    expect(JSON.stringify(page.body)).not.toContain(IIN)
    expect((await call(base, 'GET', '/api/explorer/verify/abcdefghjkmn')).status).toBe(404)

    const check = async (document: Buffer, signature: Uint8Array | Buffer) => {
      const form = new FormData()
      form.append('document', new Blob([new Uint8Array(document)]), 'doc.pdf')
      form.append('signature', new Blob([new Uint8Array(signature)]), 'doc.pdf.cms')
      const r = await fetch(`${base}/api/explorer/verify`, { method: 'POST', body: form })
      return { status: r.status, body: (await r.json()) as any }
    }
    const good = await check(bytes, cms)
    expect(good.status, JSON.stringify(good.body)).toBe(200)
    expect(good.body).toMatchObject({ valid: true, problem: null, attached: false })
    expect(good.body.signatures[0]).toMatchObject({ iinMasked: '9001******26', valid: true })
    // As base64 text, as some tools save a .cms.
    expect((await check(bytes, Buffer.from(b64(cms)))).body.valid).toBe(true)
    const changed = await check(contract('V changed'), cms)
    expect(changed.status).toBe(200)
    expect(changed.body).toMatchObject({ valid: false, problem: 'content_mismatch' })
    const junk = await check(bytes, Buffer.from('not a signature'))
    expect(junk.status).toBe(400)
    expect(junk.body.error.messageKey).toBe('errors.signature.cms_malformed')
  })
})

describe('signing for a company', () => {
  it('needs the company\'s BIN in the certificate and records the company', async () => {
    const bytes = contract('E')
    const id = await fileWith(bytes)
    const ok = await sign(owner, id, await signCms(bytes, director, { detached: true }), companyId)
    expect(ok.status, JSON.stringify(ok.body)).toBe(201)
    expect(ok.body).toMatchObject({ bin: VALID_BIN, companyWorkspaceId: companyId, organization: 'ТОО «Files LLP»' })
    expect(ok.body.keyUser).toContain('ORGANIZATION')

    const wrongBin = await sign(owner, id, await signCms(bytes, stranger, { detached: true }), companyId)
    expect(wrongBin.status).toBe(400)
    expect(wrongBin.body.error.messageKey).toBe('errors.explorer.bin_mismatch')
    const noBin = await sign(owner, id, await signCms(bytes, second, { detached: true }), companyId)
    expect(noBin.status).toBe(400)
    expect(noBin.body.error.messageKey).toBe('errors.explorer.bin_mismatch')
    expect(await stored(id)).toBe(1)
  })

  it('an unverified workspace holding another company\'s BIN cannot sign as it (403)', async () => {
    const claimant = await activeUser(base)
    const ws = await call(base, 'POST', '/api/workspace', { token: claimant.accessToken, body: { name: 'Impostor LLP', bin: VALID_BIN } })
    expect(ws.status).toBe(201)
    expect(ws.body.companyVerification).toBe('unverified')
    const bytes = contract('F')
    const id = await fileWith(bytes)
    await inviteAndAccept(base, owner.accessToken, companyId, claimant, 'member')
    const r = await sign(claimant, id, await signCms(bytes, director, { detached: true }), ws.body.id)
    expect(r.status).toBe(403)
    expect(r.body.error.messageKey).toBe('errors.workspace.company_unverified')
    expect(await stored(id)).toBe(0)

    // Its admin proves the company by signing the server's text with a key carrying the BIN.
    const challenge = async () => {
      const c = await call(base, 'POST', `/api/workspace/${ws.body.id}/verification/challenge`, { token: claimant.accessToken })
      expect(c.status, JSON.stringify(c.body)).toBe(201)
      return Buffer.from(c.body.challenge, 'base64')
    }
    const verify = (cms: Uint8Array) => call(base, 'POST', `/api/workspace/${ws.body.id}/verification`, { token: claimant.accessToken, body: { cms: b64(cms) } })
    const wrongKey = await verify(await signCms(await challenge(), stranger, { detached: true }))
    expect(wrongKey.status).toBe(400)
    expect(wrongKey.body.error.messageKey).toBe('errors.workspace.bin_mismatch')
    const text = await challenge()
    expect(text.toString('utf8')).toContain(VALID_BIN)
    const otherText = await verify(await signCms(Buffer.from('something else'), director, { detached: true }))
    expect(otherText.status).toBe(400)
    expect(otherText.body.error.messageKey).toBe('errors.signature.content_mismatch')
    // That attempt used the text up: even the right signature of it is too late now.
    const used = await verify(await signCms(text, director, { detached: true }))
    expect(used.status).toBe(409)
    expect(used.body.error.messageKey).toBe('errors.workspace.challenge_expired')
    const ok = await verify(await signCms(await challenge(), director, { detached: true }))
    expect(ok.status, JSON.stringify(ok.body)).toBe(200)
    expect(ok.body.companyVerification).toBe('verified')
    expect((await call(base, 'POST', `/api/workspace/${ws.body.id}/verification/challenge`, { token: claimant.accessToken })).status).toBe(409)
    const row = await useDb().workspace.findUniqueOrThrow({ where: { id: ws.body.id } })
    expect(row).toMatchObject({ verifiedVia: 'qualified_signature', verifiedBy: claimant.userId })

    const now = await sign(claimant, id, await signCms(bytes, director, { detached: true }), ws.body.id)
    expect(now.status, JSON.stringify(now.body)).toBe(201)
    // A member who is not an admin cannot ask for the text.
    expect((await call(base, 'POST', `/api/workspace/${companyId}/verification/challenge`, { token: member.accessToken })).status).toBe(403)
  })
})

describe('signing requests', () => {
  const send = (fileId: string, body: unknown, u: TUser = owner) => call(base, 'POST', `/api/explorer/files/${fileId}/signing-requests`, { token: u.accessToken, body })
  const sent = (to: string) => useDb().$queryRaw<{ provider: string; payload: { input: { subject?: string; text: string } } }[]>`
    SELECT provider, payload FROM integration_outbox WHERE recipient = ${to} ORDER BY created_at`
  /** Runs the notification listener over the request's messages, as the worker does, and answers the link last sent to `to`. */
  async function linkTo(requestId: string, to: string): Promise<string> {
    await runOutboxEvents('notification', 'SigningMessageRequested', 'requestId', requestId)
    const texts = (await sent(to)).map((m) => m.payload.input.text)
    const token = texts.map((t) => /\/sign\/([A-Za-z0-9_-]+)/.exec(t)?.[1]).filter(Boolean).pop()
    expect(token, texts.join('\n')).toBeTruthy()
    return token!
  }
  const party = (token: string, action: 'sign' | 'decline' | '' = '', body?: unknown, as?: TUser) =>
    call(base, action ? 'POST' : 'GET', `/api/signing/${token}${action ? `/${action}` : ''}`, { ...(body ? { body } : {}), ...(as ? { token: as.accessToken } : {}) })

  it('two steps: the first party signs with the IIN the sender asked for, then the second is invited; the request completes and the sender hears', async () => {
    const bytes = contract('R1')
    const id = await fileWith(bytes)
    const email = `buyer-${Date.now()}@example.test`
    const phone = `+7701${String(Date.now()).slice(-7)}`
    const r = await send(id, {
      parties: [
        { name: 'Иванов Иван', email, iin: IIN, role: 'Покупатель', step: 1 },
        { name: 'Петрова Анна', phone, step: 5 },
      ],
      message: 'Прошу подписать до пятницы',
      deadline: new Date(Date.now() + 3 * 86400e3).toISOString(),
    })
    expect(r.status, JSON.stringify(r.body)).toBe(201)
    // Steps as typed (1, 5) are compacted to 1, 2.
    expect(r.body.parties.map((p: { step: number; status: string }) => [p.step, p.status])).toEqual([[1, 'invited'], [2, 'waiting']])
    const requestId = r.body.id as string

    const first = await linkTo(requestId, email)
    const invite = (await sent(email))[0]!.payload.input
    expect(invite.subject).toContain('Договор.pdf')
    expect(invite.text).toContain('Прошу подписать до пятницы')
    expect(await sent(phone)).toHaveLength(0)

    const page = await party(first)
    expect(page.status, JSON.stringify(page.body)).toBe(200)
    expect(page.body).toMatchObject({ status: 'active', fileName: 'Договор.pdf', me: { name: 'Иванов Иван', status: 'invited', iin: IIN, role: 'Покупатель' } })
    expect(page.body.parties.map((p: { name: string }) => p.name)).toEqual(['Иванов Иван', 'Петрова Анна'])
    expect(JSON.stringify(page.body)).not.toContain(phone)
    const link = await call(base, 'GET', `/api/signing/${first}/document`)
    expect(Buffer.from(await (await fetch(link.body.url)).arrayBuffer()).equals(bytes)).toBe(true)

    // The second party's link exists but it is not their turn.
    const rows = await useDb().signingParty.findMany({ where: { requestId }, orderBy: { position: 'asc' } })
    const secondToken = /\/sign\/([A-Za-z0-9_-]+)/.exec(unseal(rows[1]!.linkSealed))![1]!
    const early = await party(secondToken, 'sign', { cms: b64(await signCms(bytes, second, { detached: true })) })
    expect(early.status).toBe(409)
    expect(early.body.error.messageKey).toBe('errors.explorer.not_your_turn')

    const wrongPerson = await party(first, 'sign', { cms: b64(await signCms(bytes, second, { detached: true })) })
    expect(wrongPerson.status).toBe(400)
    expect(wrongPerson.body.error.messageKey).toBe('errors.explorer.iin_mismatch')
    const otherBytes = await party(first, 'sign', { cms: b64(await signCms(contract('not this'), person, { detached: true })) })
    expect(otherBytes.body.error.messageKey).toBe('errors.signature.content_mismatch')
    expect(await stored(id)).toBe(0)

    // The first party has an account with the address the link went to, and is signed in.
    const buyer = await activeUser(base, email)
    const signed = await party(first, 'sign', { cms: b64(await signCms(bytes, person, { detached: true })) }, buyer)
    expect(signed.status, JSON.stringify(signed.body)).toBe(200)
    expect(signed.body.me.status).toBe('signed')
    expect(signed.body.signatures).toHaveLength(1)
    expect(signed.body.verifyCode).toMatch(/^[a-z0-9]{12}$/)
    expect((await party(first, 'sign', { cms: b64(await signCms(bytes, person, { detached: true })) })).body.error.messageKey).toBe('errors.explorer.party_done')

    // Now the second step: its link goes by SMS.
    expect(await linkTo(requestId, phone)).toBe(secondToken)
    const last = await party(secondToken, 'sign', { cms: b64(await signCms(bytes, second, { detached: true })) })
    expect(last.status, JSON.stringify(last.body)).toBe(200)
    expect(last.body.status).toBe('completed')
    expect(last.body.parties.map((p: { status: string }) => p.status)).toEqual(['signed', 'signed'])

    const list = await call(base, 'GET', `/api/explorer/files/${id}/signing-requests`, { token: member.accessToken })
    expect(list.body[0]).toMatchObject({ id: requestId, status: 'completed' })
    expect(list.body[0].closedAt).not.toBeNull()
    const fileSigned = await useDb().$queryRaw<{ signer: string | null }[]>`
      SELECT payload->>'signerUserId' AS signer FROM event_outbox WHERE name = 'FileSigned' AND payload->>'fileId' = ${id} ORDER BY created_at`
    // The signed-in party signed as their account; the second, with only the link, anonymously.
    expect(fileSigned.map((e) => e.signer)).toEqual([buyer.userId, null])
    await runOutboxEvents('notification', 'SigningMessageRequested', 'requestId', requestId)
    const toSender = (await sent(owner.email!)).map((m) => m.payload.input.subject ?? '')
    expect(toSender.some((s) => s.startsWith('Иванов Иван подписал'))).toBe(true)
    expect(toSender.some((s) => s.startsWith('Все стороны подписали'))).toBe(true)
    const trail = await useDb().$queryRaw<{ action: string }[]>`SELECT action FROM audit_log WHERE entity_id = ${requestId} ORDER BY seq`
    expect(trail.map((a) => a.action)).toEqual(['signing.request', 'signing.sign', 'signing.sign'])
  })

  it('a decline closes the request for everyone with the reason; one active request per file; cancel ends the links; another tenant sees nothing', async () => {
    const bytes = contract('R2')
    const id = await fileWith(bytes)
    const a = `a-${Date.now()}@example.test`
    const b = `b-${Date.now()}@example.test`
    const r = await send(id, { parties: [{ name: 'A', email: a, step: 1 }, { name: 'B', email: b, step: 1 }] })
    expect(r.body.parties.map((p: { status: string }) => p.status)).toEqual(['invited', 'invited'])
    expect((await send(id, { parties: [{ name: 'C', email: a, step: 1 }] })).body.error?.messageKey).toBe('errors.explorer.signing_active')
    // Reminded within the hour of the invitation: nobody is reminded again.
    expect((await call(base, 'POST', `/api/explorer/signing-requests/${r.body.id}/remind`, { token: owner.accessToken })).body).toEqual({ reminded: 0 })

    const tokenA = await linkTo(r.body.id, a)
    const tokenB = await linkTo(r.body.id, b)
    expect((await party(tokenA, 'decline', { reason: '' })).status).toBe(400)
    const declined = await party(tokenA, 'decline', { reason: 'Неверная сумма в п. 3' })
    expect(declined.status, JSON.stringify(declined.body)).toBe(200)
    expect(declined.body).toMatchObject({ status: 'declined', me: { status: 'declined', declineReason: 'Неверная сумма в п. 3' } })
    const late = await party(tokenB, 'sign', { cms: b64(await signCms(bytes, second, { detached: true })) })
    expect(late.status).toBe(409)
    expect(late.body.error.messageKey).toBe('errors.explorer.request_closed')
    await runOutboxEvents('notification', 'SigningMessageRequested', 'requestId', r.body.id)
    expect((await sent(owner.email!)).some((m) => m.payload.input.text.includes('Неверная сумма в п. 3'))).toBe(true)

    // Closed, so the file may go out again; cancelling it kills its links.
    const again = await send(id, { parties: [{ name: 'B', email: b, step: 1 }] }, member)
    expect(again.status).toBe(201)
    const tokenAgain = await linkTo(again.body.id, b)
    expect(tokenAgain).not.toBe(tokenB)
    const outsider = await activeUser(base)
    expect((await call(base, 'POST', `/api/explorer/signing-requests/${again.body.id}/cancel`, { token: outsider.accessToken })).status).toBe(404)
    expect((await call(base, 'GET', `/api/explorer/files/${id}/signing-requests`, { token: outsider.accessToken })).status).toBe(404)
    expect((await send(id, { parties: [{ name: 'X', email: b, step: 1 }] }, outsider)).status).toBe(404)
    const cancelled = await call(base, 'POST', `/api/explorer/signing-requests/${again.body.id}/cancel`, { token: owner.accessToken })
    expect(cancelled.status).toBe(200)
    expect(cancelled.body.status).toBe('cancelled')
    expect((await party(tokenAgain)).status).toBe(404)
    expect((await call(base, 'POST', `/api/explorer/signing-requests/${again.body.id}/cancel`, { token: owner.accessToken })).status).toBe(409)
    expect((await party('x'.repeat(43))).status).toBe(404)
    expect(await stored(id)).toBe(0)
  })

  it('refuses bad parties and deadlines at their field; nothing is created', async () => {
    const id = await fileWith(contract('R3'))
    const noContact = await send(id, { parties: [{ name: 'Без связи', step: 1 }] })
    expect(noContact.status).toBe(400)
    expect(noContact.body.error.fields.map((f: { path: string }) => f.path)).toContain('body.parties.0.email')
    const badIin = await send(id, { parties: [{ name: 'X', email: 'x@example.test', iin: '900101300129', step: 1 }] })
    expect(badIin.status).toBe(400)
    expect(badIin.body.error.fields[0]).toMatchObject({ path: 'body.parties.0.iin', code: 'invalid_iin' })
    const past = await send(id, { parties: [{ name: 'X', email: 'x@example.test', step: 1 }], deadline: new Date(Date.now() - 60_000).toISOString() })
    expect(past.status).toBe(400)
    expect(past.body.error).toMatchObject({ messageKey: 'errors.explorer.deadline_invalid' })
    expect(past.body.error.fields[0].path).toBe('body.deadline')
    const unscanned = await fileWith(contract('R3b'), { scan: false })
    expect((await send(unscanned, { parties: [{ name: 'X', email: 'x@example.test', step: 1 }] })).body.error.messageKey).toBe('errors.explorer.not_clean')
    expect(await useDb().signingRequest.count({ where: { fileId: { in: [id, unscanned] } } })).toBe(0)
  })

  it('the sweep closes a request at its deadline (the sender is told) and reminds invited parties every SIGNING_REMIND_HOURS', async () => {
    const due = await send(await fileWith(contract('R4')), { parties: [{ name: 'D', email: 'd@example.test', step: 1 }], deadline: new Date(Date.now() + 3600e3).toISOString() })
    const quiet = await send(await fileWith(contract('R5')), { parties: [{ name: 'Q', email: 'q@example.test', step: 1 }] })
    const dueToken = await linkTo(due.body.id, 'd@example.test')

    const soon = await sweepSigningRequests(new Date(Date.now() + 60_000))
    expect(soon.expired).toBe(0)
    const later = new Date(Date.now() + 49 * 3600e3)
    const swept = await sweepSigningRequests(later)
    expect(swept.expired).toBeGreaterThanOrEqual(1)
    expect((await party(dueToken)).body.status).toBe('expired')
    expect((await useDb().signingRequest.findUniqueOrThrow({ where: { id: due.body.id } })).status).toBe('expired')
    const q = await useDb().signingParty.findFirstOrThrow({ where: { requestId: quiet.body.id } })
    expect(q.remindedAt?.getTime()).toBe(later.getTime())
    // A second sweep at the same moment reminds nobody twice.
    await sweepSigningRequests(later)
    await runOutboxEvents('notification', 'SigningMessageRequested', 'requestId', quiet.body.id)
    expect((await sent('q@example.test')).filter((m) => m.payload.input.subject?.startsWith('Напоминание'))).toHaveLength(1)
    await runOutboxEvents('notification', 'SigningMessageRequested', 'requestId', due.body.id)
    expect((await sent(owner.email!)).some((m) => m.payload.input.subject?.startsWith('Срок подписания'))).toBe(true)
  })

  it("a mistyped contact is corrected: the party's old link dies, the new contact gets a new one; a party who acted cannot be changed", async () => {
    const id = await fileWith(contract('R-contact'))
    const typo = `typo-${Date.now()}@exmaple.test`
    const right = `right-${Date.now()}@example.test`
    const r = await send(id, { parties: [{ name: 'Иванов Иван', email: typo, step: 1 }, { name: 'Петрова Анна', email: `p2-${Date.now()}@example.test`, step: 2 }] })
    expect(r.status).toBe(201)
    const [first, secondParty] = r.body.parties as { id: string }[]
    const oldToken = await linkTo(r.body.id, typo)
    const patch = (partyId: string, body: unknown, u: TUser = owner, requestId: string = r.body.id) =>
      call(base, 'PATCH', `/api/explorer/signing-requests/${requestId}/parties/${partyId}/contact`, { token: u.accessToken, body })

    const both = await patch(first!.id, { email: right, phone: '+77011234567' })
    expect(both.status).toBe(400)
    const outsider = await activeUser(base)
    expect((await patch(first!.id, { email: right }, outsider)).status).toBe(404)
    const fixed = await patch(first!.id, { email: right })
    expect(fixed.status, JSON.stringify(fixed.body)).toBe(200)
    expect(fixed.body.parties[0]).toMatchObject({ email: right, phone: null, status: 'invited' })
    expect((await party(oldToken)).status).toBe(404)
    const newToken = await linkTo(r.body.id, right)
    expect(newToken).not.toBe(oldToken)
    const page = await party(newToken)
    expect(page.body.me.name).toBe('Иванов Иван')
    // A party whose turn has not come gets no message yet, only the new contact.
    const waiting = await patch(secondParty!.id, { phone: '+77017654321' })
    expect(waiting.body.parties[1]).toMatchObject({ email: null, phone: '+77017654321', status: 'waiting' })
    expect(await sent('+77017654321')).toHaveLength(0)
    expect((await useDb().auditLog.findMany({ where: { entityId: r.body.id, action: 'signing.contact' } })).length).toBe(2)

    const signed = await party(newToken, 'sign', { cms: b64(await signCms(contract('R-contact'), person, { detached: true })) })
    expect(signed.status, JSON.stringify(signed.body)).toBe(200)
    const late = await patch(first!.id, { email: typo })
    expect(late.status).toBe(409)
    expect(late.body.error.messageKey).toBe('errors.explorer.party_done')
  })
})

describe('signature sheet', () => {
  const sheet = async (fileId: string, query: string) => {
    const res = await fetch(`${base}/api/explorer/files/${fileId}/signature-sheet?${query}`, { headers: { authorization: `Bearer ${member.accessToken}` } })
    const bytes = new Uint8Array(await res.arrayBuffer())
    return { status: res.status, type: res.headers.get('content-type'), disposition: res.headers.get('content-disposition'), bytes }
  }
  // pdf.js takes the buffer it is given (transfers it): it reads a copy.
  const textOf = async (bytes: Uint8Array) => (await extractText(bytes.slice(), { mergePages: true })).text.replace(/[\s\u00a0]+/g, ' ')

  it('lists every signature with the hash and the verification link, on its own or after the PDF\'s pages, in the asked language', async () => {
    const original = await PDFDocument.create()
    original.addPage([595, 842]).drawText('Contract page one')
    original.addPage([595, 842]).drawText('Contract page two')
    const bytes = Buffer.from(await original.save())
    const id = await fileWith(bytes)
    expect((await sheet(id, 'lang=ru')).status).toBe(409)
    expect((await sign(member, id, await signCms(bytes, person, { detached: true }))).status).toBe(201)
    expect((await sign(owner, id, await signCms(bytes, director, { detached: true }))).status).toBe(201)
    const code = (await useDb().file.findUniqueOrThrow({ where: { id } })).verifyCode!

    const alone = await sheet(id, 'lang=kk')
    expect(alone.status).toBe(200)
    expect(alone.type).toBe('application/pdf')
    expect(alone.disposition).toMatch(/attachment; filename=".+-signatures\.pdf"/)
    mkdirSync(ARTIFACTS_DIR, { recursive: true })
    writeFileSync(path.join(ARTIFACTS_DIR, 'signature-sheet-kk.pdf'), alone.bytes)
    const text = await textOf(alone.bytes)
    expect(text).toContain('Қол қою парағы')
    expect(text).toContain(createHash('sha256').update(bytes).digest('hex'))
    expect(text).toContain(`/kk/verify/${code}`)
    for (const s of ['1. ИВАНОВ ИВАН', '2. ИВАНОВ ИВАН', IIN, VALID_BIN, person.serialNumber, director.serialNumber]) expect(text, s).toContain(s)
    expect((await PDFDocument.load(alone.bytes)).getPageCount()).toBe(1)

    const appended = await sheet(id, 'lang=en&append=1')
    expect(appended.status).toBe(200)
    const doc = await PDFDocument.load(appended.bytes)
    expect(doc.getPageCount()).toBe(3)
    const all = await textOf(appended.bytes)
    expect(all.indexOf('Contract page two')).toBeLessThan(all.indexOf('Signature sheet'))
  })

  it('refuses to append to what is not a readable PDF, and answers 404 to another tenant', async () => {
    const fake = contract('S')
    const id = await fileWith(fake)
    expect((await sign(member, id, await signCms(fake, person, { detached: true }))).status).toBe(201)
    const broken = await sheet(id, 'append=1')
    expect(broken.status).toBe(409)
    expect(JSON.parse(new TextDecoder().decode(broken.bytes)).error.messageKey).toBe('errors.explorer.pdf_unreadable')
    expect((await sheet(id, 'lang=ru')).status).toBe(200)
    const outsider = await activeUser(base)
    const res = await fetch(`${base}/api/explorer/files/${id}/signature-sheet`, { headers: { authorization: `Bearer ${outsider.accessToken}` } })
    expect(res.status).toBe(404)
  })
})

describe('signing by QR with eGov mobile', () => {
  let fake: TFakeEgovQr
  beforeAll(async () => {
    // Holds shorter than the client's wait: both "no news yet" paths (a dropped hold, the client's own timeout) happen.
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

  const run = (sessionId: string) => runEgovSession(sessionId, { signal: new AbortController().signal, postpone: () => Promise.reject(new Error('postponed')) })
  const procedureOf = (qrImage: string) => {
    const last = fake.emulator.calls.filter((c) => c.op === 'register').pop()
    expect(qrImage.startsWith('data:image/png;base64,')).toBe(true)
    return last!.id!
  }
  /** A request to one party (IIN given), sent; answers the party's token and the file's bytes. */
  async function sentTo(label: string, iin: string | null = IIN) {
    const bytes = contract(label)
    const fileId = await fileWith(bytes)
    const r = await call(base, 'POST', `/api/explorer/files/${fileId}/signing-requests`, {
      token: owner.accessToken,
      body: { parties: [{ name: 'Иванов Иван', email: `qr-${label}-${Date.now()}@example.test`, ...(iin ? { iin } : {}), step: 1 }] },
    })
    expect(r.status, JSON.stringify(r.body)).toBe(201)
    const row = await useDb().signingParty.findFirstOrThrow({ where: { requestId: r.body.id } })
    const token = /\/sign\/([A-Za-z0-9_-]+)/.exec(unseal(row.linkSealed))![1]!
    return { fileId, bytes, token, requestId: r.body.id as string }
  }

  it('the phone scans, gets exactly this version, signs; the signature is verified and stored for the party with FileSigned, and the request completes', async () => {
    const { fileId, bytes, token, requestId } = await sentTo('QR1')
    const page = await call(base, 'GET', `/api/signing/${token}`)
    expect(page.body.egovQr).toBe(true)
    const started = await call(base, 'POST', `/api/signing/${token}/egov`)
    expect(started.status, JSON.stringify(started.body)).toBe(201)
    expect(started.body).toMatchObject({ status: 'waiting_scan', error: null })
    expect(started.body.mobileLink).toContain('app=mobile')
    expect(JSON.stringify(started.body)).not.toContain('/api/egovQr/')
    const id = procedureOf(started.body.qrImage)

    const running = run(started.body.id)
    // Nobody has scanned: the worker's hand-over is held and nothing moves.
    await eventually(() => expect(fake.emulator.calls.filter((c) => c.op === 'data' && c.id === id).length).toBeGreaterThanOrEqual(2))
    expect((await call(base, 'GET', `/api/signing/${token}/egov/${started.body.id}`)).body.status).toBe('waiting_scan')

    fake.emulator.scan(id)
    await eventually(() => expect(fake.emulator.view(id)?.state).toBe('ready'))
    await eventually(async () => expect((await call(base, 'GET', `/api/signing/${token}/egov/${started.body.id}`)).body.status).toBe('waiting_signature'))
    const handed = fake.emulator.view(id)!.documents!
    expect(handed).toHaveLength(1)
    expect(handed[0]).toMatchObject({ nameRu: 'Договор.pdf', pdf: true, size: bytes.length })
    expect(handed[0]!.meta).toEqual([{ name: 'SHA-256', value: createHash('sha256').update(bytes).digest('hex') }])

    let signedData: Uint8Array | undefined
    await fake.emulator.sign(id, async (data, attach) => {
      signedData = data
      return signCms(data, person, { detached: !attach })
    })
    expect(Buffer.from(signedData!).equals(bytes)).toBe(true)
    expect(await running).toBe('signed')

    const after = await call(base, 'GET', `/api/signing/${token}/egov/${started.body.id}`)
    expect(after.body).toMatchObject({ status: 'signed', error: null })
    const party = await call(base, 'GET', `/api/signing/${token}`)
    expect(party.body).toMatchObject({ status: 'completed', me: { status: 'signed' } })
    expect(await stored(fileId)).toBe(1)
    const session = await useDb().egovSignSession.findUniqueOrThrow({ where: { id: started.body.id } })
    const sig = await useDb().fileSignature.findUniqueOrThrow({ where: { id: session.signatureId! } })
    expect(sig.iin).toBe(IIN)
    const events = await useDb().eventOutbox.findMany({ where: { name: 'FileSigned' } })
    expect(events.some((e) => (e.payload as { signatureId?: string }).signatureId === sig.id)).toBe(true)
    expect((await useDb().signingRequest.findUniqueOrThrow({ where: { id: requestId } })).status).toBe('completed')
  })

  it("another person's key fails the session with the reason (IIN), stores nothing, and the party can try again", async () => {
    const { fileId, token } = await sentTo('QR2')
    const started = await call(base, 'POST', `/api/signing/${token}/egov`)
    const id = procedureOf(started.body.qrImage)
    const running = run(started.body.id)
    fake.emulator.scan(id)
    await eventually(() => expect(fake.emulator.view(id)?.state).toBe('ready'))
    await fake.emulator.sign(id, (data) => signCms(data, second, { detached: true }))
    expect(await running).toBe('failed')
    const view = await call(base, 'GET', `/api/signing/${token}/egov/${started.body.id}`)
    expect(view.body.status).toBe('failed')
    expect(view.body.error.key).toBe('errors.explorer.iin_mismatch')
    expect(await stored(fileId)).toBe(0)
    expect((await call(base, 'GET', `/api/signing/${token}`)).body.me.status).toBe('invited')

    // A new QR replaces the old; a decline on the phone is the provider's refusal, shown with its words.
    const again = await call(base, 'POST', `/api/signing/${token}/egov`)
    expect(again.status).toBe(201)
    const id2 = procedureOf(again.body.qrImage)
    const running2 = run(again.body.id)
    fake.emulator.scan(id2)
    await eventually(() => expect(fake.emulator.view(id2)?.state).toBe('ready'))
    fake.emulator.decline(id2)
    expect(await running2).toBe('failed')
    const declined = await call(base, 'GET', `/api/signing/${token}/egov/${again.body.id}`)
    expect(declined.body.error).toMatchObject({ key: 'errors.egov.refused' })
    expect(String(declined.body.error.params.detail)).toContain('declined')
  })

  it('an unscanned QR expires at its deadline; a cancelled one stops; another link cannot see the session', async () => {
    const { token } = await sentTo('QR3', null)
    const started = await call(base, 'POST', `/api/signing/${token}/egov`)
    await useDb().egovSignSession.update({ where: { id: started.body.id }, data: { scanDeadline: new Date(Date.now() - 1000) } })
    expect(await run(started.body.id)).toBe('expired')

    const next = await call(base, 'POST', `/api/signing/${token}/egov`)
    const other = await sentTo('QR3b', null)
    expect((await call(base, 'GET', `/api/signing/${other.token}/egov/${next.body.id}`)).status).toBe(404)
    expect((await call(base, 'POST', `/api/signing/${other.token}/egov/${next.body.id}/cancel`)).status).toBe(404)
    const running = run(next.body.id)
    const cancelled = await call(base, 'POST', `/api/signing/${token}/egov/${next.body.id}/cancel`)
    expect(cancelled.body.status).toBe('cancelled')
    expect(await running).toBe('cancelled')
  })

  it('a member signs their own file by QR, for the company (its BIN checked at the end); only they follow the session', async () => {
    const bytes = contract('QR-member')
    const id = await fileWith(bytes)
    const detail = await call(base, 'GET', `/api/explorer/files/${id}`, { token: owner.accessToken })
    expect(detail.body.can.egovQr).toBe(true)

    // For the company with a key without its BIN: refused at the end, nothing stored.
    const wrong = await call(base, 'POST', `/api/explorer/files/${id}/egov`, { token: owner.accessToken, body: { companyWorkspaceId: companyId } })
    expect(wrong.status, JSON.stringify(wrong.body)).toBe(201)
    expect((await call(base, 'GET', `/api/explorer/files/${id}/egov/${wrong.body.id}`, { token: member.accessToken })).status).toBe(404)
    const p1 = procedureOf(wrong.body.qrImage)
    const r1 = run(wrong.body.id)
    fake.emulator.scan(p1)
    await eventually(() => expect(fake.emulator.view(p1)?.state).toBe('ready'))
    await fake.emulator.sign(p1, (data) => signCms(data, person, { detached: true }))
    expect(await r1).toBe('failed')
    expect((await call(base, 'GET', `/api/explorer/files/${id}/egov/${wrong.body.id}`, { token: owner.accessToken })).body.error.key).toBe('errors.explorer.bin_mismatch')
    expect(await stored(id)).toBe(0)

    const ok = await call(base, 'POST', `/api/explorer/files/${id}/egov`, { token: owner.accessToken, body: { companyWorkspaceId: companyId } })
    const p2 = procedureOf(ok.body.qrImage)
    const r2 = run(ok.body.id)
    fake.emulator.scan(p2)
    await eventually(() => expect(fake.emulator.view(p2)?.state).toBe('ready'))
    await fake.emulator.sign(p2, (data) => signCms(data, director, { detached: true }))
    expect(await r2).toBe('signed')
    const sig = await useDb().fileSignature.findFirstOrThrow({ where: { fileId: id } })
    expect(sig).toMatchObject({ userId: owner.userId, companyWorkspaceId: companyId, bin: VALID_BIN })
    const audited = await useDb().auditLog.findMany({ where: { entityId: id, action: 'file.sign' } })
    expect(audited).toHaveLength(1)
    // The member's route is the caller's own: another tenant's file id is a 404.
    const outsider = await activeUser(base)
    expect((await call(base, 'POST', `/api/explorer/files/${id}/egov`, { token: outsider.accessToken, body: {} })).status).toBe(404)
  })

  it("the worker's waits queue runs the session; a worker that stops gives its held wait up (postponed, no attempt spent) and the next one finishes it", async () => {
    const { token, fileId } = await sentTo('QR5')
    const worker1 = await startWorker({ listeners: [], relay: false, schedule: false, heartbeat: false, healthPort: 0, converterPort: 0 })
    let worker2: Awaited<ReturnType<typeof startWorker>> | undefined
    try {
      const started = await call(base, 'POST', `/api/signing/${token}/egov`)
      const id = procedureOf(started.body.qrImage)
      await eventually(() => expect(fake.emulator.calls.some((c) => c.op === 'data' && c.id === id)).toBe(true))
      await worker1.stop()
      const job = await useSharedQueues().get(WAITS_QUEUE).getJob(`egov-${started.body.id}`)
      expect(await job!.getState()).toBe('delayed')
      expect(job!.attemptsMade).toBe(0)
      expect((await useDb().egovSignSession.findUniqueOrThrow({ where: { id: started.body.id } })).status).toBe('waiting_scan')

      worker2 = await startWorker({ listeners: [], relay: false, schedule: false, heartbeat: false, healthPort: 0, converterPort: 0 })
      const handed = fake.emulator.calls.filter((c) => c.op === 'data' && c.id === id).length
      await eventually(() => expect(fake.emulator.calls.filter((c) => c.op === 'data' && c.id === id).length).toBeGreaterThan(handed))
      fake.emulator.scan(id)
      await eventually(() => expect(fake.emulator.view(id)?.state).toBe('ready'))
      await fake.emulator.sign(id, (data) => signCms(data, person, { detached: true }))
      await eventually(async () => expect((await call(base, 'GET', `/api/signing/${token}/egov/${started.body.id}`)).body.status).toBe('signed'))
      expect(await stored(fileId)).toBe(1)
    } finally {
      await worker1.stop()
      await worker2?.stop()
    }
  })

  it('without a QR service the page does not offer it and starting answers 503 egov_off; a provider that cannot be reached answers 503 and keeps nothing', async () => {
    const { token } = await sentTo('QR4', null)
    delete process.env.EGOV_QR_URL
    resetConfigForTests()
    try {
      expect((await call(base, 'GET', `/api/signing/${token}`)).body.egovQr).toBe(false)
      const off = await call(base, 'POST', `/api/signing/${token}/egov`)
      expect(off.status).toBe(503)
      expect(off.body.error.messageKey).toBe('errors.explorer.egov_off')
      process.env.EGOV_QR_URL = 'http://127.0.0.1:9'
      resetConfigForTests()
      const before = await useDb().egovSignSession.count()
      const down = await call(base, 'POST', `/api/signing/${token}/egov`)
      expect(down.status).toBe(503)
      expect(await useDb().egovSignSession.count()).toBe(before)
    } finally {
      process.env.EGOV_QR_URL = fake.url
      resetConfigForTests()
    }
  })
})
