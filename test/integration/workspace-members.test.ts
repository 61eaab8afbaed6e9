import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { createApp, createRouter, toNodeListener } from 'h3'
import { z } from 'zod'
import { defineApiRoute, requireModule } from '../../server/http'
import { useDb } from '../../server/lib/db'
import { activeUser, call } from '../helpers/auth'
import { deliverMessages } from '../helpers/deliveries'
import { inviteAndAccept, ownerWithWorkspace, setupWorkspaceTest, type TWorkspaceTestEnv } from '../helpers/workspace'

let t: TWorkspaceTestEnv
let base: string
beforeAll(async () => {
  t = await setupWorkspaceTest('ws_members')
  base = t.base
})
afterAll(async () => t?.teardown())

describe('invitations', () => {
  it('invite → accept: membership, WorkspaceUserConfirm in the outbox, audit entries; the token works once', async () => {
    const { owner, workspace } = await ownerWithWorkspace(base)
    const invitee = await activeUser(base)
    const inv = await call(base, 'POST', `/api/workspace/${workspace.id}/invites`, { token: owner.accessToken, body: { email: invitee.email.toUpperCase(), role: 'member' } })
    expect(inv.status).toBe(201)
    expect(inv.body.invite).toMatchObject({ email: invitee.email, role: 'member', status: 'pending' })
    expect(inv.body.delivery).toMatchObject({ channel: 'email', queued: true })
    const token = inv.body.delivery.devToken as string
    expect(inv.body.delivery.link).toContain(token)
    // The worker sent it (in the invitee's language, ru) and the sandbox email provider recorded it.
    await deliverMessages()
    const mails = await useDb().$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM integration_outbox WHERE recipient = ${invitee.email} AND payload->'input'->>'subject' LIKE 'Приглашение в%' AND payload->'input'->>'text' LIKE ${'%' + token + '%'}`
    expect(Number(mails[0]!.n)).toBe(1)

    const listed = await call(base, 'GET', `/api/workspace/${workspace.id}/invites`, { token: owner.accessToken })
    expect(listed.body.items.map((i: any) => i.id)).toEqual([inv.body.invite.id])

    const acc = await call(base, 'POST', `/api/workspace/invites/${token}/accept`, { token: invitee.accessToken })
    expect(acc.status).toBe(200)
    expect(acc.body).toEqual({ workspaceId: workspace.id, role: 'member' })
    const members = await call(base, 'GET', `/api/workspace/${workspace.id}/members`, { token: invitee.accessToken })
    expect(members.body.items.map((m: any) => [m.userId, m.role])).toEqual([[owner.userId, 'owner'], [invitee.userId, 'member']])
    expect(members.body.items[1].email).toBe(invitee.email)

    const events = await useDb().$queryRaw<{ payload: any }[]>`SELECT payload FROM event_outbox WHERE name = 'WorkspaceUserConfirm' AND payload->>'workspaceId' = ${workspace.id}`
    expect(events.map((e) => e.payload)).toEqual([{ workspaceId: workspace.id, userId: invitee.userId, role: 'member' }])
    const audit = await useDb().auditLog.findMany({ where: { workspaceId: workspace.id }, orderBy: { id: 'asc' } })
    expect(audit.map((a) => a.action)).toEqual(['workspace.create', 'invite.create', 'invite.accept'])

    const again = await call(base, 'POST', `/api/workspace/invites/${token}/accept`, { token: invitee.accessToken })
    expect(again.status).toBe(409)
    expect(again.body.error.params.reason).toBe('invite_used')
    expect((await call(base, 'POST', `/api/workspace/invites/${'x'.repeat(43)}/accept`, { token: invitee.accessToken })).status).toBe(404)
    expect((await call(base, 'POST', `/api/workspace/invites/${token}/accept`)).status).toBe(401)
  })

  it('refuses: wrong invitee (403), already a member (409), revoked (409), personal space (409)', async () => {
    const { owner, workspace } = await ownerWithWorkspace(base)
    const invitee = await activeUser(base)
    const other = await activeUser(base)
    const inv = await call(base, 'POST', `/api/workspace/${workspace.id}/invites`, { token: owner.accessToken, body: { email: invitee.email, role: 'viewer' } })
    const wrong = await call(base, 'POST', `/api/workspace/invites/${inv.body.delivery.devToken}/accept`, { token: other.accessToken })
    expect(wrong.status).toBe(403)
    expect(wrong.body.error.messageKey).toBe('errors.workspace.invite_contact_mismatch')

    const revoked = await call(base, 'DELETE', `/api/workspace/${workspace.id}/invites/${inv.body.invite.id}`, { token: owner.accessToken })
    expect(revoked.status).toBe(200)
    expect(revoked.body.status).toBe('revoked')
    const late = await call(base, 'POST', `/api/workspace/invites/${inv.body.delivery.devToken}/accept`, { token: invitee.accessToken })
    expect(late.status).toBe(409)
    expect(late.body.error.params.reason).toBe('invite_revoked')

    const inv2 = await call(base, 'POST', `/api/workspace/${workspace.id}/invites`, { token: owner.accessToken, body: { email: invitee.email, role: 'viewer' } })
    await useDb().workspaceInvite.update({ where: { id: inv2.body.invite.id }, data: { expiresAt: new Date(Date.now() - 1000) } })
    const expired = await call(base, 'POST', `/api/workspace/invites/${inv2.body.delivery.devToken}/accept`, { token: invitee.accessToken })
    expect(expired.status).toBe(409)
    expect(expired.body.error).toMatchObject({ messageKey: 'errors.workspace.invite_expired', params: { reason: 'invite_expired' } })
    expect((await call(base, 'GET', `/api/workspace/${workspace.id}`, { token: invitee.accessToken })).status).toBe(404)

    const dup = await call(base, 'POST', `/api/workspace/${workspace.id}/invites`, { token: owner.accessToken, body: { email: owner.email, role: 'member' } })
    expect(dup.status).toBe(409)
    const both = await call(base, 'POST', `/api/workspace/${workspace.id}/invites`, { token: owner.accessToken, body: { email: other.email, phone: '+77011234567', role: 'member' } })
    expect(both.status).toBe(400)
    const personal = (await call(base, 'GET', '/api/workspace', { token: owner.accessToken })).body.items[0]
    const p = await call(base, 'POST', `/api/workspace/${personal.id}/invites`, { token: owner.accessToken, body: { email: other.email, role: 'member' } })
    expect(p.status).toBe(409)
  })

  it('a viewer or member cannot invite (403); an admin cannot invite an owner (403)', async () => {
    const { owner, workspace } = await ownerWithWorkspace(base)
    const viewer = await activeUser(base)
    const member = await activeUser(base)
    const admin = await activeUser(base)
    await inviteAndAccept(base, owner.accessToken, workspace.id, viewer, 'viewer')
    await inviteAndAccept(base, owner.accessToken, workspace.id, member, 'member')
    await inviteAndAccept(base, owner.accessToken, workspace.id, admin, 'admin')
    for (const u of [viewer, member]) {
      const r = await call(base, 'POST', `/api/workspace/${workspace.id}/invites`, { token: u.accessToken, body: { email: 'new@example.kz', role: 'viewer' } })
      expect(r.status).toBe(403)
      expect(r.body.error).toMatchObject({ code: 'FORBIDDEN', messageKey: 'errors.workspace.role_required', params: { minRole: 'admin' } })
    }
    const asAdmin = await call(base, 'POST', `/api/workspace/${workspace.id}/invites`, { token: admin.accessToken, body: { phone: '+7 701 123 45 67', role: 'owner' } })
    expect(asAdmin.status).toBe(403)
    const phone = await call(base, 'POST', `/api/workspace/${workspace.id}/invites`, { token: admin.accessToken, body: { phone: '+7 701 123 45 67', role: 'member' } })
    expect(phone.status).toBe(201)
    expect(phone.body.invite.phone).toBe('+77011234567')
    expect(phone.body.delivery).toMatchObject({ channel: 'phone', queued: true })
  })
})

describe('roles and the last owner', () => {
  it('the last owner cannot be demoted or removed (409); with a second owner both work', async () => {
    const { owner, workspace } = await ownerWithWorkspace(base)
    const demote = await call(base, 'PATCH', `/api/workspace/${workspace.id}/members/${owner.userId}`, { token: owner.accessToken, body: { role: 'admin' } })
    expect(demote.status).toBe(409)
    expect(demote.body.error.messageKey).toBe('errors.workspace.last_owner')
    const leave = await call(base, 'DELETE', `/api/workspace/${workspace.id}/members/${owner.userId}`, { token: owner.accessToken })
    expect(leave.status).toBe(409)

    const second = await activeUser(base)
    await inviteAndAccept(base, owner.accessToken, workspace.id, second, 'member')
    const promote = await call(base, 'PATCH', `/api/workspace/${workspace.id}/members/${second.userId}`, { token: owner.accessToken, body: { role: 'owner' } })
    expect(promote.status).toBe(200)
    expect(promote.body.role).toBe('owner')
    // Both owners demote each other at once: the workspace row lock lets only one through.
    const [a, b] = await Promise.all([
      call(base, 'PATCH', `/api/workspace/${workspace.id}/members/${second.userId}`, { token: owner.accessToken, body: { role: 'viewer' } }),
      call(base, 'PATCH', `/api/workspace/${workspace.id}/members/${owner.userId}`, { token: second.accessToken, body: { role: 'viewer' } }),
    ])
    // Exactly one demotion wins. The loser is refused either as the last owner (409,
    // its lock came first but the winner committed before its check) or, when the
    // winner's demotion of the loser committed first, because a viewer cannot change
    // roles (403): both are right, so only "one 200, one refusal" must hold.
    const statuses = [a.status, b.status].sort((x, y) => x - y)
    expect(statuses[0]).toBe(200)
    expect([403, 409]).toContain(statuses[1])
    const owners = await useDb().workspaceMember.count({ where: { workspaceId: workspace.id, role: 'owner' } })
    expect(owners).toBe(1)
    const audit = await useDb().auditLog.findFirst({ where: { workspaceId: workspace.id, action: 'member.role_change' }, orderBy: { id: 'asc' } })
    expect(audit?.diff).toEqual({ role: { from: 'member', to: 'owner' } })
  })

  it('an admin cannot touch an owner; a member cannot change roles; members may leave', async () => {
    const { owner, workspace } = await ownerWithWorkspace(base)
    const admin = await activeUser(base)
    const member = await activeUser(base)
    await inviteAndAccept(base, owner.accessToken, workspace.id, admin, 'admin')
    await inviteAndAccept(base, owner.accessToken, workspace.id, member, 'member')
    expect((await call(base, 'PATCH', `/api/workspace/${workspace.id}/members/${owner.userId}`, { token: admin.accessToken, body: { role: 'member' } })).status).toBe(403)
    expect((await call(base, 'DELETE', `/api/workspace/${workspace.id}/members/${owner.userId}`, { token: admin.accessToken })).status).toBe(403)
    expect((await call(base, 'PATCH', `/api/workspace/${workspace.id}/members/${admin.userId}`, { token: member.accessToken, body: { role: 'viewer' } })).status).toBe(403)
    expect((await call(base, 'PATCH', `/api/workspace/${workspace.id}/members/${member.userId}`, { token: admin.accessToken, body: { role: 'viewer' } })).status).toBe(200)
    expect((await call(base, 'DELETE', `/api/workspace/${workspace.id}/members/${member.userId}`, { token: member.accessToken })).status).toBe(200)
    expect((await call(base, 'GET', `/api/workspace/${workspace.id}`, { token: member.accessToken })).status).toBe(404)
    const missing = await call(base, 'PATCH', `/api/workspace/${workspace.id}/members/${member.userId}`, { token: owner.accessToken, body: { role: 'viewer' } })
    expect(missing.status).toBe(404)
  })
})

describe('groups', () => {
  it('create, assign members, list, delete; only members; names unique', async () => {
    const { owner, workspace } = await ownerWithWorkspace(base)
    const member = await activeUser(base)
    const stranger = await activeUser(base)
    await inviteAndAccept(base, owner.accessToken, workspace.id, member, 'member')
    const g = await call(base, 'POST', `/api/workspace/${workspace.id}/groups`, { token: owner.accessToken, body: { name: 'Lawyers' } })
    expect(g.status).toBe(201)
    expect((await call(base, 'POST', `/api/workspace/${workspace.id}/groups`, { token: owner.accessToken, body: { name: 'Lawyers' } })).status).toBe(409)
    expect((await call(base, 'POST', `/api/workspace/${workspace.id}/groups`, { token: member.accessToken, body: { name: 'Mine' } })).status).toBe(403)
    const set = await call(base, 'PUT', `/api/workspace/${workspace.id}/groups/${g.body.id}/members`, { token: owner.accessToken, body: { userIds: [owner.userId, member.userId] } })
    expect(set.status).toBe(200)
    expect(set.body.memberIds.sort()).toEqual([owner.userId, member.userId].sort())
    const bad = await call(base, 'PUT', `/api/workspace/${workspace.id}/groups/${g.body.id}/members`, { token: owner.accessToken, body: { userIds: [stranger.userId] } })
    expect(bad.status).toBe(400)
    expect(bad.body.error.fields[0].path).toBe('body.userIds.0')
    const members = (await call(base, 'GET', `/api/workspace/${workspace.id}/members`, { token: member.accessToken })).body.items
    expect(members.every((m: any) => m.groupIds.includes(g.body.id))).toBe(true)
    const list = await call(base, 'GET', `/api/workspace/${workspace.id}/groups`, { token: member.accessToken })
    expect(list.body.items).toHaveLength(1)
    // Removing a member takes them out of every group (FK cascade).
    await call(base, 'DELETE', `/api/workspace/${workspace.id}/members/${member.userId}`, { token: owner.accessToken })
    expect((await call(base, 'GET', `/api/workspace/${workspace.id}/groups`, { token: owner.accessToken })).body.items[0].memberIds).toEqual([owner.userId])
    expect((await call(base, 'DELETE', `/api/workspace/${workspace.id}/groups/${g.body.id}`, { token: owner.accessToken })).status).toBe(200)
    expect((await call(base, 'DELETE', `/api/workspace/${workspace.id}/groups/${g.body.id}`, { token: owner.accessToken })).status).toBe(404)
  })
})

describe('modules', () => {
  it('activate publishes ModuleActivated once; deactivate; unknown module 400; viewer 403', async () => {
    const { owner, workspace } = await ownerWithWorkspace(base)
    const viewer = await activeUser(base)
    await inviteAndAccept(base, owner.accessToken, workspace.id, viewer, 'viewer')
    const on = await call(base, 'PUT', `/api/workspace/${workspace.id}/modules/constructor`, { token: owner.accessToken })
    expect(on.status).toBe(200)
    expect(on.body).toMatchObject({ module: 'constructor', active: true, activatedBy: owner.userId })
    await call(base, 'PUT', `/api/workspace/${workspace.id}/modules/constructor`, { token: owner.accessToken })
    const events = await useDb().$queryRaw<{ payload: any }[]>`SELECT payload FROM event_outbox WHERE name = 'ModuleActivated' AND payload->>'workspaceId' = ${workspace.id}`
    expect(events.map((e) => e.payload)).toEqual([{ workspaceId: workspace.id, module: 'constructor' }])
    const list = await call(base, 'GET', `/api/workspace/${workspace.id}/modules`, { token: viewer.accessToken })
    expect(list.body.items.filter((m: any) => m.active).map((m: any) => m.module)).toEqual(['constructor'])
    expect((await call(base, 'PUT', `/api/workspace/${workspace.id}/modules/chat`, { token: viewer.accessToken })).status).toBe(403)
    expect((await call(base, 'PUT', `/api/workspace/${workspace.id}/modules/tetris`, { token: owner.accessToken })).status).toBe(400)
    const off = await call(base, 'DELETE', `/api/workspace/${workspace.id}/modules/constructor`, { token: owner.accessToken })
    expect(off.body.active).toBe(false)
    const actions = (await useDb().auditLog.findMany({ where: { workspaceId: workspace.id, entityType: 'module' }, orderBy: { id: 'asc' } })).map((a) => a.action)
    expect(actions).toEqual(['module.activate', 'module.deactivate'])
  })
})

describe('requireModule', () => {
  it('403 module_inactive while off, 200 once activated, 404 for strangers, 403 below minRole', async () => {
    // A route of another domain guarded by the module, mounted the way Nitro would.
    const router = createRouter().get(
      '/probe/:id',
      defineApiRoute(
        {
          summary: 'probe',
          access: 'user',
          params: z.object({ id: z.string() }),
          response: z.object({ workspaceId: z.string(), role: z.string() }),
          errors: [403, 404],
        },
        async (event, { params }) => {
        const ctx = await requireModule(event, params.id, 'chat', { minRole: 'member' })
        return { workspaceId: ctx.workspace.id, role: ctx.membership.role }
      }),
    )
    const server = createServer(toNodeListener(createApp().use(router)))
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
    const probe = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
    try {
      const { owner, workspace } = await ownerWithWorkspace(base)
      const viewer = await activeUser(base)
      const stranger = await activeUser(base)
      await inviteAndAccept(base, owner.accessToken, workspace.id, viewer, 'viewer')
      const off = await call(probe, 'GET', `/probe/${workspace.id}`, { token: owner.accessToken })
      expect(off.status).toBe(403)
      expect(off.body.error).toMatchObject({ messageKey: 'errors.workspace.module_inactive', params: { module: 'chat' } })
      await call(base, 'PUT', `/api/workspace/${workspace.id}/modules/chat`, { token: owner.accessToken })
      const on = await call(probe, 'GET', `/probe/${workspace.id}`, { token: owner.accessToken })
      expect(on.status).toBe(200)
      expect(on.body).toEqual({ workspaceId: workspace.id, role: 'owner' })
      expect((await call(probe, 'GET', `/probe/${workspace.id}`, { token: viewer.accessToken })).status).toBe(403)
      expect((await call(probe, 'GET', `/probe/${workspace.id}`, { token: stranger.accessToken })).status).toBe(404)
      expect((await call(probe, 'GET', `/probe/${workspace.id}`)).status).toBe(401)
    } finally {
      await new Promise<void>((r) => server.close(() => r()))
    }
  })
})
