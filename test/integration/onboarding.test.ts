import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { useDb } from '../../server/lib/db'
import { LEGAL_VERSIONS } from '../../shared/legal'
import { activeUser, call, STRONG_PASSWORD, uniqueEmail, uniqueIp } from '../helpers/auth'
import { ownerWithWorkspace, setupWorkspaceTest, type TWorkspaceTestEnv } from '../helpers/workspace'

let t: TWorkspaceTestEnv
let base: string
beforeAll(async () => {
  t = await setupWorkspaceTest('onboarding')
  base = t.base
})
afterAll(async () => t?.teardown())

describe('consent at registration', () => {
  it('is required: absent or false is refused at the acceptTerms field, and no account is made', async () => {
    for (const extra of [{}, { acceptTerms: false }]) {
      const email = uniqueEmail('noconsent')
      const r = await call(base, 'POST', '/api/auth/register', { body: { email, password: STRONG_PASSWORD, ...extra }, ip: uniqueIp() })
      expect(r.status).toBe(400)
      expect(r.body.error.fields.map((f: { path: string }) => f.path)).toContain('body.acceptTerms')
      expect(await useDb().user.count({ where: { email } })).toBe(0)
    }
  })

  it('is stored with the versions of the terms and the privacy policy, the time and the IP', async () => {
    const email = uniqueEmail('consent')
    const ip = uniqueIp()
    const before = Date.now()
    const r = await call(base, 'POST', '/api/auth/register', { body: { email, password: STRONG_PASSWORD, acceptTerms: true }, ip })
    expect(r.status).toBe(201)
    const rows = await useDb().userConsent.findMany({ where: { userId: r.body.user.id }, orderBy: { kind: 'asc' } })
    expect(rows.map((c) => [c.kind, c.version, c.ip])).toEqual([
      ['privacy', LEGAL_VERSIONS.privacy, ip],
      ['terms', LEGAL_VERSIONS.terms, ip],
    ])
    for (const c of rows) expect(c.acceptedAt.getTime()).toBeGreaterThanOrEqual(before - 1000)
  })
})

describe('invitation preview', () => {
  async function invite(role = 'member') {
    const { owner, workspace } = await ownerWithWorkspace(base, 'Preview LLP')
    await call(base, 'PATCH', '/api/auth/user', { token: owner.accessToken, body: { name: 'Aigerim Owner' } })
    const email = uniqueEmail('invitee')
    const r = await call(base, 'POST', `/api/workspace/${workspace.id}/invites`, { token: owner.accessToken, body: { email, role } })
    expect(r.status).toBe(201)
    return { owner, workspace, email, inviteId: r.body.invite.id as string, token: r.body.delivery.devToken as string }
  }

  it('names the workspace, the role and the inviter to anyone holding the link, and nothing else', async () => {
    const { token } = await invite('admin')
    const r = await call(base, 'GET', `/api/workspace/invites/${token}/preview`, { ip: uniqueIp() })
    expect(r.status).toBe(200)
    expect(r.body).toEqual({ workspaceName: 'Preview LLP', role: 'admin', inviter: 'Aigerim Owner', expiresAt: expect.any(String) })
  })

  it('is 404 for an unknown, revoked, expired or accepted invitation', async () => {
    const ip = uniqueIp()
    // Each link previews while it is pending, so its 404 afterwards is the change's doing (not a missing route).
    const pending = async (token: string) => expect((await call(base, 'GET', `/api/workspace/invites/${token}/preview`, { ip })).status).toBe(200)
    expect((await call(base, 'GET', `/api/workspace/invites/${'x'.repeat(43)}/preview`, { ip })).status).toBe(404)

    const revoked = await invite()
    await pending(revoked.token)
    expect((await call(base, 'DELETE', `/api/workspace/${revoked.workspace.id}/invites/${revoked.inviteId}`, { token: revoked.owner.accessToken })).status).toBe(200)
    expect((await call(base, 'GET', `/api/workspace/invites/${revoked.token}/preview`, { ip })).status).toBe(404)

    const expired = await invite()
    await pending(expired.token)
    await useDb().workspaceInvite.update({ where: { id: expired.inviteId }, data: { expiresAt: new Date(Date.now() - 1000) } })
    expect((await call(base, 'GET', `/api/workspace/invites/${expired.token}/preview`, { ip })).status).toBe(404)

    const used = await invite()
    await pending(used.token)
    const invitee = await activeUser(base, used.email)
    expect((await call(base, 'POST', `/api/workspace/invites/${used.token}/accept`, { token: invitee.accessToken })).status).toBe(200)
    expect((await call(base, 'GET', `/api/workspace/invites/${used.token}/preview`, { ip })).status).toBe(404)
  })

  it('is rate-limited per IP (60 in 15 minutes), like the auth token routes', async () => {
    const ip = uniqueIp()
    const codes: number[] = []
    for (let i = 0; i < 61; i++) codes.push((await call(base, 'GET', `/api/workspace/invites/${'y'.repeat(43)}/preview`, { ip })).status)
    expect(codes.slice(0, 60).every((c) => c === 404)).toBe(true)
    expect(codes[60]).toBe(429)
    expect((await call(base, 'GET', `/api/workspace/invites/${'y'.repeat(43)}/preview`, { ip: uniqueIp() })).status).toBe(404)
  })
})
