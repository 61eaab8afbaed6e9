import { spawnSync } from 'node:child_process'
import path from 'node:path'
import type { Job } from 'bullmq'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { audit, verifyChain } from '../../server/domains/history'
import { createEventProcessor } from '../../server/events/consume'
import { LISTENER_MODULES } from '../../server/workers/listeners'
import { useDb } from '../../server/lib/db'
import { activeUser, call } from '../helpers/auth'
import { adminToken, inviteAndAccept, ownerWithWorkspace, setupWorkspaceTest, type TWorkspaceTestEnv } from '../helpers/workspace'

let t: TWorkspaceTestEnv
let base: string
let admin: string
beforeAll(async () => {
  t = await setupWorkspaceTest('history')
  base = t.base
  admin = await adminToken(base)
})
afterAll(async () => t?.teardown())

/** Feeds committed outbox rows to the history domain's real listener processor (what the worker runs). */
async function deliverToHistory(where: string) {
  const db = useDb()
  const process = createEventProcessor('history', LISTENER_MODULES, db)
  const rows = await db.$queryRawUnsafe<any[]>(`SELECT id::text, name, version, payload, publisher, created_at FROM event_outbox WHERE ${where} ORDER BY created_at`)
  const results = []
  for (const r of rows) {
    const data = { id: r.id, name: r.name, version: r.version, payload: r.payload, publisher: r.publisher, publishedAt: r.created_at.toISOString() }
    results.push(await process({ data, attemptsMade: 0 } as unknown as Job))
  }
  return results
}

function cli(...args: string[]): { status: number | null; out: string } {
  const root = path.resolve(import.meta.dirname, '../..')
  const r = spawnSync(path.join(root, 'node_modules/.bin/tsx'), ['scripts/history-verify.ts', ...args], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: t.env.DATABASE_URL, LOG_LEVEL: 'silent' },
    encoding: 'utf8',
  })
  return { status: r.status, out: r.stdout + r.stderr }
}

describe('listeners', () => {
  it('record sign-ins from UserLoggedIn', async () => {
    const u = await activeUser(base)
    const results = await deliverToHistory(`payload->>'userId' = '${u.userId}' AND name IN ('UserActivated', 'UserLoggedIn')`)
    expect(results.map((r) => r.status)).toEqual(['handled', 'handled'])
    const mine = await call(base, 'GET', '/api/history/mine', { token: u.accessToken })
    expect(mine.status).toBe(200)
    expect(mine.body.items.map((i: any) => i.action)).toEqual(['user.login', 'user.activate'])
    expect(mine.body.items[0]).toMatchObject({ actorUserId: u.userId, ip: u.ip, userAgent: 'vitest-auth' })
  })

  it('one audit path: each workspace action has exactly one entry, written with the change; its events add none', async () => {
    const { owner, workspace } = await ownerWithWorkspace(base)
    const member = await activeUser(base)
    await inviteAndAccept(base, owner.accessToken, workspace.id, member, 'member')
    expect((await call(base, 'PUT', `/api/workspace/${workspace.id}/modules/constructor`, { token: owner.accessToken })).status).toBe(200)
    const counts = async () => {
      const rows = await useDb().auditLog.groupBy({ by: ['action'], where: { workspaceId: workspace.id }, _count: { _all: true } })
      return Object.fromEntries(rows.map((r) => [r.action, r._count._all]))
    }
    const expected = { 'workspace.create': 1, 'invite.create': 1, 'invite.accept': 1, 'module.activate': 1 }
    expect(await counts()).toEqual(expected)
    // Their events reach history's processor with nothing to do there (no listener, no receipt).
    const results = await deliverToHistory(`payload->>'workspaceId' = '${workspace.id}'`)
    expect(results.length).toBeGreaterThanOrEqual(3)
    expect(results.every((r) => r.status === 'no-listener')).toBe(true)
    expect(await counts()).toEqual(expected)
    // The entries written with the change carry who acted and from where, and the event they go with.
    const created = await useDb().auditLog.findFirstOrThrow({ where: { workspaceId: workspace.id, action: 'workspace.create' } })
    expect(created).toMatchObject({ actorUserId: owner.userId, userAgent: 'vitest-auth' })
    expect(created.eventId).not.toBeNull()
  })
})

describe('routes', () => {
  it('workspace history: owners and admins see it, members get 403, strangers 404', async () => {
    const { owner, workspace } = await ownerWithWorkspace(base)
    const member = await activeUser(base)
    await inviteAndAccept(base, owner.accessToken, workspace.id, member, 'member')
    const r = await call(base, 'GET', `/api/history/workspace/${workspace.id}?pageSize=2`, { token: owner.accessToken })
    expect(r.status).toBe(200)
    expect(r.body).toMatchObject({ total: 3, page: 1, pageSize: 2 })
    expect(r.body.items.map((i: any) => i.action)).toEqual(['invite.accept', 'invite.create'])
    expect((await call(base, 'GET', `/api/history/workspace/${workspace.id}`, { token: member.accessToken })).status).toBe(403)
    await call(base, 'PATCH', `/api/workspace/${workspace.id}/members/${member.userId}`, { token: owner.accessToken, body: { role: 'viewer' } })
    const mine = await call(base, 'GET', '/api/history/mine', { token: member.accessToken })
    expect(mine.body.items.map((i: any) => [i.action, i.actorUserId])).toEqual([
      ['member.role_change', owner.userId],
      ['invite.accept', member.userId],
    ])
    expect(mine.body.items[0]).toMatchObject({ ip: null, userAgent: null })
    expect(mine.body.items[1].userAgent).toBe('vitest-auth')
    const stranger = await activeUser(base)
    expect((await call(base, 'GET', `/api/history/workspace/${workspace.id}`, { token: stranger.accessToken })).status).toBe(404)
  })

  it('admin log: filters by actor, action, entity and dates, paginated; others get 401/403', async () => {
    const { owner, workspace } = await ownerWithWorkspace(base)
    const q = (s: string) => call(base, 'GET', `/api/history?${s}`, { token: admin })
    const byActor = await q(`actorUserId=${owner.userId}`)
    expect(byActor.status).toBe(200)
    expect(byActor.body.items.map((i: any) => i.action)).toEqual(['workspace.create'])
    const byEntity = await q(`entityType=workspace&entityId=${workspace.id}&action=workspace.create`)
    expect(byEntity.body.total).toBe(1)
    const future = await q(`from=${encodeURIComponent(new Date(Date.now() + 3600_000).toISOString())}`)
    expect(future.body.total).toBe(0)
    const paged = await q('pageSize=1&page=2')
    expect(paged.body.items).toHaveLength(1)
    expect(paged.body.total).toBeGreaterThan(2)
    expect((await q('action=nope.nothing')).status).toBe(400)
    expect((await q('from=2026-01-02&to=2026-01-01')).status).toBe(400)
    expect((await call(base, 'GET', '/api/history', { token: owner.accessToken })).status).toBe(403)
    expect((await call(base, 'GET', '/api/history')).status).toBe(401)
    expect((await call(base, 'GET', '/api/history/mine')).status).toBe(401)
  })
})

describe('people by name', () => {
  it('every history route names the actor (name, else email) from the auth domain, and follows a rename', async () => {
    const { owner, workspace } = await ownerWithWorkspace(base)
    const member = await activeUser(base)
    await inviteAndAccept(base, owner.accessToken, workspace.id, member, 'member')
    await call(base, 'PATCH', `/api/workspace/${workspace.id}/members/${member.userId}`, { token: owner.accessToken, body: { role: 'viewer' } })

    // No name yet: the email stands for the owner.
    const ws = await call(base, 'GET', `/api/history/workspace/${workspace.id}`, { token: owner.accessToken })
    expect(ws.status).toBe(200)
    const nameOf = (items: any[], action: string) => items.find((i) => i.action === action)?.actorName
    expect(nameOf(ws.body.items, 'workspace.create')).toBe(owner.email)
    expect(nameOf(ws.body.items, 'invite.accept')).toBe(member.email)

    // A name set later is what every view shows, also for entries written before.
    expect((await call(base, 'PATCH', '/api/auth/user', { token: owner.accessToken, body: { name: 'Айгерим Нурланова' } })).status).toBe(200)
    const mine = await call(base, 'GET', '/api/history/mine', { token: member.accessToken })
    expect(nameOf(mine.body.items, 'member.role_change')).toBe('Айгерим Нурланова')
    const all = await call(base, 'GET', `/api/history?workspaceId=${workspace.id}`, { token: admin })
    expect(nameOf(all.body.items, 'workspace.create')).toBe('Айгерим Нурланова')
    expect(all.body.items.every((i: any) => typeof i.actorName === 'string')).toBe(true)
    // The log itself still holds ids only (the hashed rows never change).
    const row = await useDb().auditLog.findFirstOrThrow({ where: { workspaceId: workspace.id, action: 'workspace.create' } })
    expect(JSON.stringify(row, (_k, v) => (typeof v === 'bigint' ? v.toString() : v))).not.toContain('Айгерим')
  })
})

describe('the hash chain', () => {
  it('stays consistent under concurrent appends and verifies (route and CLI)', async () => {
    const u = await activeUser(base)
    await Promise.all(
      Array.from({ length: 25 }, (_, i) =>
        audit(useDb(), { action: 'user.login', actorUserId: u.userId, entityId: u.userId, diff: { n: i, nested: { b: 1, a: [1, 'x'] } } }),
      ),
    )
    const report = await verifyChain()
    expect(report).toMatchObject({ ok: true })
    expect(report.checked).toBe(await useDb().auditLog.count())
    const route = await call(base, 'GET', '/api/history/verify', { token: admin })
    expect(route.status).toBe(200)
    expect(route.body).toEqual(report)
    expect((await call(base, 'GET', '/api/history/verify', { token: u.accessToken })).status).toBe(403)
    const c = cli('--scopes')
    expect(c.status, c.out).toBe(0)
    expect(c.out).toContain('chain intact')
    // One line per scope with --scopes.
    expect(c.out).toMatch(new RegExp(`ok +user:${u.userId}: \\d+ entries`))
  })

  it('the table refuses UPDATE, DELETE and TRUNCATE', async () => {
    const db = useDb()
    await expect(db.$executeRawUnsafe(`UPDATE audit_log SET action = 'user.login' WHERE id = (SELECT min(id) FROM audit_log)`)).rejects.toThrow(/append-only/)
    await expect(db.$executeRawUnsafe(`DELETE FROM audit_log WHERE id = (SELECT max(id) FROM audit_log)`)).rejects.toThrow(/append-only/)
    await expect(db.$executeRawUnsafe(`TRUNCATE audit_log`)).rejects.toThrow(/append-only/)
    expect((await verifyChain()).ok).toBe(true)
  })

  // Runs last: it breaks the chain of this file's database on purpose.
  it('detects a row changed with the trigger disabled (superuser), and a removed row', async () => {
    const db = useDb()
    // The longest chain: the user of the concurrency test.
    const [{ scope }] = await db.$queryRaw<Array<{ scope: string }>>`SELECT scope FROM audit_log GROUP BY scope ORDER BY count(*) DESC LIMIT 1`
    const ids = (await db.auditLog.findMany({ where: { scope }, select: { id: true }, orderBy: { seq: 'asc' } })).map((r) => r.id)
    const victim = ids[5]!
    await db.$executeRawUnsafe(`ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update_delete`)
    try {
      await db.$executeRawUnsafe(`UPDATE audit_log SET diff = '{"role": "owner"}'::jsonb WHERE id = ${victim}`)
    } finally {
      await db.$executeRawUnsafe(`ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_update_delete`)
    }
    const changed = await verifyChain()
    expect(changed).toMatchObject({ ok: false, brokenAt: String(victim), reason: 'hash_mismatch' })
    expect(changed.problems).toEqual([{ scope, reason: 'hash_mismatch', id: String(victim), seq: '6' }])
    // The other chains verify in full: only the broken one stops at its break.
    expect(changed.checked).toBe((await db.auditLog.count()) - (ids.length - 5))
    const route = await call(base, 'GET', '/api/history/verify', { token: admin })
    expect(route.body).toMatchObject({ ok: false, brokenAt: String(victim), problems: changed.problems })
    const c = cli()
    expect(c.status, c.out).toBe(1)
    expect(c.out).toContain(`BROKEN at entry ${victim}`)
    expect(c.out).toContain(`scope ${scope} BROKEN: hash_mismatch at seq 6 (entry ${victim})`)

    // A removed row (session_replication_role skips triggers) breaks the next row's link.
    await db.$transaction(async (tx) => {
      await tx.$executeRawUnsafe(`SET LOCAL session_replication_role = replica`)
      await tx.$executeRawUnsafe(`DELETE FROM audit_log WHERE id = ${ids[2]}`)
    })
    expect((await verifyChain()).problems).toEqual([{ scope, reason: 'seq_gap', id: String(ids[3]), seq: '4' }])
  })
})
