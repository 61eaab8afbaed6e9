import { randomInt } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { useDb } from '../../server/lib/db'
import { assertCompanyMayAct } from '../../server/domains/workspace'
import { isValidBin } from '../../shared/identity-numbers'
import { activeUser, call } from '../helpers/auth'
import { deliverMessages } from '../helpers/deliveries'
import { inviteAndAccept, setRegion, setupWorkspaceTest, VALID_OGRN, type TWorkspaceTestEnv } from '../helpers/workspace'

// A BIN is public: anyone can type a known company's number. The first workspace to hold
// it is verified; a later one is created unverified, may not act as the company
// (assertCompanyMayAct, for signing and billing), and the holder's admins are emailed.

let t: TWorkspaceTestEnv
let base: string
beforeAll(async () => {
  t = await setupWorkspaceTest('ws_company')
  base = t.base
})
afterAll(async () => t?.teardown())

/** A fresh valid BIN (legal entity, head office), so each case starts with nobody holding it. */
function freshBin(): string {
  for (;;) {
    const stem = `2101400${String(randomInt(0, 10_000)).padStart(4, '0')}`
    for (let d = 0; d <= 9; d++) if (isValidBin(stem + d)) return stem + d
  }
}

async function userIn(locale: 'ru' | 'kk' | 'en') {
  const u = await activeUser(base)
  expect((await call(base, 'PATCH', '/api/auth/user', { token: u.accessToken, body: { locale } })).status).toBe(200)
  return u
}

async function createCompany(token: string, body: Record<string, string>) {
  const r = await call(base, 'POST', '/api/workspace', { token, body })
  expect(r.status, JSON.stringify(r.body)).toBe(201)
  return r.body as { id: string; name: string; companyVerification: string }
}

type TSent = { recipient: string; payload: { input: { subject: string; text: string } } }
const sentTo = (recipients: string[]) =>
  useDb().$queryRaw<TSent[]>`SELECT recipient, payload FROM integration_outbox WHERE recipient = ANY(${recipients}::text[]) ORDER BY created_at`

describe('claiming a company number', () => {
  it('the first holder of a BIN is verified as its first claimant, and the answers say so', async () => {
    const owner = await activeUser(base)
    const ws = await createCompany(owner.accessToken, { name: 'First LLP', bin: freshBin() })
    expect(ws.companyVerification).toBe('verified')
    const row = await useDb().workspace.findUniqueOrThrow({ where: { id: ws.id } })
    expect(row).toMatchObject({ companyVerification: 'verified', verifiedVia: 'first_claimant', verifiedBy: owner.userId })
    expect(row.verifiedAt).toBeInstanceOf(Date)
    const one = await call(base, 'GET', `/api/workspace/${ws.id}`, { token: owner.accessToken })
    expect(one.body.companyVerification).toBe('verified')
    const list = await call(base, 'GET', '/api/workspace', { token: owner.accessToken })
    expect(list.body.items.map((w: { kind: string; companyVerification: string }) => [w.kind, w.companyVerification])).toEqual([
      ['personal', 'verified'],
      ['company', 'verified'],
    ])
    await expect(assertCompanyMayAct(ws.id)).resolves.toBeUndefined()
    await expect(assertCompanyMayAct(list.body.items[0].id)).resolves.toBeUndefined()
  })

  it('a second workspace with the same BIN is unverified, may not act, and each holder admin is emailed in their language', async () => {
    const bin = freshBin()
    const owner = await userIn('kk')
    const holder = await createCompany(owner.accessToken, { name: 'Holder LLP', bin })
    const admin = await userIn('en')
    const member = await userIn('ru')
    await inviteAndAccept(base, owner.accessToken, holder.id, admin, 'admin')
    await inviteAndAccept(base, owner.accessToken, holder.id, member, 'member')

    const claimant = await userIn('ru')
    const copy = await createCompany(claimant.accessToken, { name: 'Impostor LLP', bin })
    expect(copy.companyVerification).toBe('unverified')
    const row = await useDb().workspace.findUniqueOrThrow({ where: { id: copy.id } })
    expect(row).toMatchObject({ companyVerification: 'unverified', verifiedVia: null, verifiedAt: null, verifiedBy: null })
    expect((await call(base, 'GET', `/api/workspace/${copy.id}`, { token: claimant.accessToken })).body.companyVerification).toBe('unverified')
    // The holder stays verified.
    expect((await call(base, 'GET', `/api/workspace/${holder.id}`, { token: owner.accessToken })).body.companyVerification).toBe('verified')

    // Signing and billing are refused for the copy, with a message a person can act on.
    const refusal = await assertCompanyMayAct(copy.id).then(
      () => null,
      (e: unknown) => e as { status?: number; code?: string; messageKey?: string },
    )
    expect(refusal).toMatchObject({ code: 'FORBIDDEN', messageKey: 'errors.workspace.company_unverified' })
    await expect(assertCompanyMayAct(holder.id)).resolves.toBeUndefined()

    // The event was written with the workspace (same transaction), addressed to owner and admin only.
    const events = await useDb().$queryRaw<{ payload: any }[]>`
      SELECT payload FROM event_outbox WHERE name = 'WorkspaceCompanyClaimed' AND payload->>'workspaceId' = ${copy.id}`
    expect(events).toHaveLength(1)
    expect(events[0]!.payload).toMatchObject({ holderWorkspaceId: holder.id, number: { kind: 'bin', value: bin }, claimedBy: claimant.userId })
    expect(events[0]!.payload.recipients.map((r: { email: string }) => r.email).sort()).toEqual([owner.email, admin.email].sort())

    await deliverMessages()
    await deliverMessages() // a second run sends nothing more
    const sent = await sentTo([owner.email, admin.email, member.email, claimant.email])
    // Only the claim's messages (they name the new workspace); the users also got their sign-up and invitation mails.
    const to = (email: string) => sent.filter((s) => s.recipient === email && s.payload.input.text.includes('Impostor LLP')).map((s) => s.payload.input)
    expect(to(member.email)).toEqual([])
    expect(to(claimant.email)).toEqual([])
    const [kk] = to(owner.email)
    expect(kk!.subject).toBe('Біреу сіздің компанияңыздың БСН арқылы кеңістік құрды — Dogovor24')
    expect(kk!.text).toContain(`«Holder LLP»`)
    expect(kk!.text).toContain(bin)
    const [en] = to(admin.email)
    expect(en!.subject).toBe('Someone created a workspace with your company\'s BIN — Dogovor24')
    expect(en!.text).toContain('qualified certificate')
    expect(to(owner.email)).toHaveLength(1)
    expect(to(admin.email)).toHaveLength(1)
  })

  it('two simultaneous first claims of one BIN: exactly one is verified', async () => {
    const bin = freshBin()
    const [a, b] = await Promise.all([activeUser(base), activeUser(base)])
    const made = await Promise.all([
      createCompany(a.accessToken, { name: 'Race A', bin }),
      createCompany(b.accessToken, { name: 'Race B', bin }),
    ])
    expect(made.map((w) => w.companyVerification).sort()).toEqual(['unverified', 'verified'])
  })

  it('settings cannot change the BIN, so a verified workspace cannot be re-pointed at another company', async () => {
    const owner = await activeUser(base)
    const bin = freshBin()
    const ws = await createCompany(owner.accessToken, { name: 'Fixed LLP', bin })
    const r = await call(base, 'PATCH', `/api/workspace/${ws.id}`, { token: owner.accessToken, body: { name: 'Fixed LLP 2', bin: freshBin() } })
    expect(r.status).toBe(200)
    expect(r.body).toMatchObject({ name: 'Fixed LLP 2', bin, companyVerification: 'verified' })
  })

  it('ru: the INN decides (a second workspace with the same INN is unverified)', async () => {
    setRegion('ru')
    try {
      const first = await activeUser(base)
      const second = await activeUser(base)
      // Another test file may hold this INN in its own database, not in this one.
      const a = await createCompany(first.accessToken, { name: 'ООО Первое', inn: '7707083893', ogrn: VALID_OGRN })
      const b = await createCompany(second.accessToken, { name: 'ООО Второе', inn: '7707083893', ogrn: VALID_OGRN })
      expect([a.companyVerification, b.companyVerification]).toEqual(['verified', 'unverified'])
      await expect(assertCompanyMayAct(b.id)).rejects.toMatchObject({ messageKey: 'errors.workspace.company_unverified' })
    } finally {
      setRegion('kz')
    }
  })

  it('an unknown workspace is not found', async () => {
    await expect(assertCompanyMayAct('00000000-0000-4000-8000-000000000000')).rejects.toMatchObject({ code: 'NOT_FOUND' })
  })
})
