import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { useDb } from '../../server/lib/db'
import { activeUser, call } from '../helpers/auth'
import { BAD_BIN, ownerWithWorkspace, setRegion, setupWorkspaceTest, VALID_BIN, VALID_INN10, VALID_OGRN, type TWorkspaceTestEnv } from '../helpers/workspace'

let t: TWorkspaceTestEnv
let base: string
beforeAll(async () => {
  t = await setupWorkspaceTest('workspace')
  base = t.base
})
afterAll(async () => t?.teardown())

const outboxFor = (workspaceId: string) =>
  useDb().$queryRaw<{ name: string; payload: any }[]>`SELECT name, payload FROM event_outbox WHERE payload->>'workspaceId' = ${workspaceId}`

describe('personal space', () => {
  it('is created lazily, once, and listed first', async () => {
    const u = await activeUser(base)
    const [a, b] = await Promise.all([
      call(base, 'GET', '/api/workspace', { token: u.accessToken }),
      call(base, 'GET', '/api/workspace', { token: u.accessToken }),
    ])
    expect(a.status).toBe(200)
    expect(b.status).toBe(200)
    expect(a.body.items).toHaveLength(1)
    expect(a.body.items[0]).toMatchObject({ kind: 'personal', role: 'owner', ownerId: u.userId })
    expect(b.body.items[0].id).toBe(a.body.items[0].id)
    expect(await useDb().workspace.count({ where: { personalOf: u.userId } })).toBe(1)
  })

  it('anonymous callers get 401', async () => {
    expect((await call(base, 'GET', '/api/workspace')).status).toBe(401)
    expect((await call(base, 'POST', '/api/workspace', { body: { name: 'x', bin: VALID_BIN } })).status).toBe(401)
  })
})

describe('create company workspace', () => {
  it('kz: valid BIN → 201, owner membership, WorkspaceCreated in the outbox, audit entry', async () => {
    const u = await activeUser(base)
    const r = await call(base, 'POST', '/api/workspace', { token: u.accessToken, ip: u.ip, body: { name: 'Acme LLP', bin: VALID_BIN } })
    expect(r.status).toBe(201)
    expect(r.body).toMatchObject({ kind: 'company', name: 'Acme LLP', bin: VALID_BIN, role: 'owner', ownerId: u.userId })
    const events = await outboxFor(r.body.id)
    expect(events).toEqual([{ name: 'WorkspaceCreated', payload: { workspaceId: r.body.id, ownerId: u.userId, name: 'Acme LLP', bin: VALID_BIN } }])
    const audit = await useDb().auditLog.findMany({ where: { workspaceId: r.body.id } })
    expect(audit.map((a) => [a.action, a.actorUserId, a.ip])).toEqual([['workspace.create', u.userId, u.ip]])
    const list = await call(base, 'GET', '/api/workspace', { token: u.accessToken })
    expect(list.body.items.map((w: any) => w.kind)).toEqual(['personal', 'company'])
  })

  it('bad BIN → 400 with the field path and a translated message key; nothing written', async () => {
    const u = await activeUser(base)
    const r = await call(base, 'POST', '/api/workspace', { token: u.accessToken, body: { name: 'Bad BIN', bin: BAD_BIN } })
    expect(r.status).toBe(400)
    expect(r.body.error).toMatchObject({ code: 'VALIDATION', messageKey: 'errors.workspace.invalid_bin' })
    expect(r.body.error.fields).toEqual([expect.objectContaining({ path: 'body.bin', code: 'invalid_bin' })])
    const missing = await call(base, 'POST', '/api/workspace', { token: u.accessToken, body: { name: 'No BIN' } })
    expect(missing.status).toBe(400)
    expect(missing.body.error.fields[0].path).toBe('body.bin')
    const shape = await call(base, 'POST', '/api/workspace', { token: u.accessToken, body: { name: 'Short', bin: '123' } })
    expect(shape.status).toBe(400)
    expect(shape.body.error.fields[0].path).toBe('body.bin')
    expect(await useDb().workspace.count({ where: { ownerId: u.userId, kind: 'company' } })).toBe(0)
  })

  it('ru: INN + OGRN validated; BIN refused', async () => {
    const u = await activeUser(base)
    setRegion('ru')
    try {
      const ok = await call(base, 'POST', '/api/workspace', { token: u.accessToken, body: { name: 'OOO Romashka', inn: VALID_INN10, ogrn: VALID_OGRN } })
      expect(ok.status).toBe(201)
      expect(ok.body).toMatchObject({ inn: VALID_INN10, ogrn: VALID_OGRN, bin: null })
      const badInn = await call(base, 'POST', '/api/workspace', { token: u.accessToken, body: { name: 'x', inn: '7707083894', ogrn: VALID_OGRN } })
      expect(badInn.body.error).toMatchObject({ messageKey: 'errors.workspace.invalid_inn', fields: [expect.objectContaining({ path: 'body.inn' })] })
      const badOgrn = await call(base, 'POST', '/api/workspace', { token: u.accessToken, body: { name: 'x', inn: VALID_INN10, ogrn: '1027700132196' } })
      expect(badOgrn.body.error.fields[0].path).toBe('body.ogrn')
      const bin = await call(base, 'POST', '/api/workspace', { token: u.accessToken, body: { name: 'x', bin: VALID_BIN } })
      expect(bin.status).toBe(400)
      expect(bin.body.error.fields[0].path).toBe('body.bin')
    } finally {
      setRegion('kz')
    }
  })

  it('writes no workspace and no outbox row when the transaction fails after publish', async () => {
    const db = useDb()
    const u = await activeUser(base)
    // The audit append is the last write of the transaction, after publish(): failing it must undo everything.
    await db.$executeRawUnsafe(`CREATE FUNCTION refuse_audit() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'refused'; END $$`)
    await db.$executeRawUnsafe(`CREATE TRIGGER refuse_audit BEFORE INSERT ON audit_log FOR EACH ROW EXECUTE FUNCTION refuse_audit()`)
    try {
      const r = await call(base, 'POST', '/api/workspace', { token: u.accessToken, body: { name: 'Doomed LLP', bin: VALID_BIN } })
      expect(r.status).toBe(500)
    } finally {
      await db.$executeRawUnsafe(`DROP TRIGGER refuse_audit ON audit_log`)
      await db.$executeRawUnsafe(`DROP FUNCTION refuse_audit()`)
    }
    expect(await db.workspace.count({ where: { name: 'Doomed LLP' } })).toBe(0)
    const rows = await db.$queryRaw<unknown[]>`SELECT 1 FROM event_outbox WHERE name = 'WorkspaceCreated' AND payload->>'name' = 'Doomed LLP'`
    expect(rows).toHaveLength(0)
  })
})

describe('tenant isolation and the current workspace', () => {
  it("another user's workspace answers 404 on every route, and a bad id too", async () => {
    const { workspace } = await ownerWithWorkspace(base)
    const stranger = await activeUser(base)
    const tk = { token: stranger.accessToken }
    for (const [method, path, body] of [
      ['GET', `/api/workspace/${workspace.id}`],
      ['PATCH', `/api/workspace/${workspace.id}`, { name: 'mine now' }],
      ['GET', `/api/workspace/${workspace.id}/members`],
      ['GET', `/api/workspace/${workspace.id}/invites`],
      ['POST', `/api/workspace/${workspace.id}/invites`, { email: stranger.email, role: 'owner' }],
      ['GET', `/api/workspace/${workspace.id}/groups`],
      ['GET', `/api/workspace/${workspace.id}/modules`],
      ['PUT', `/api/workspace/${workspace.id}/modules/chat`],
      ['GET', `/api/history/workspace/${workspace.id}`],
      ['GET', `/api/workspace/not-a-uuid`],
    ] as const) {
      const r = await call(base, method, path, { ...tk, body })
      expect(r.status, `${method} ${path}`).toBe(404)
      expect(r.body.error.code).toBe('NOT_FOUND')
    }
  })

  it('x-workspace-id selects the current workspace; absent → personal; foreign → 404', async () => {
    const { owner, workspace } = await ownerWithWorkspace(base)
    const stranger = await activeUser(base)
    const get = (token: string, ws?: string) =>
      fetch(`${base}/api/workspace/current`, { headers: { authorization: `Bearer ${token}`, ...(ws ? { 'x-workspace-id': ws } : {}) } })
    const chosen = await get(owner.accessToken, workspace.id)
    expect(chosen.status).toBe(200)
    expect(((await chosen.json()) as { id: string }).id).toBe(workspace.id)
    const personal = (await (await get(owner.accessToken)).json()) as { kind: string }
    expect(personal.kind).toBe('personal')
    expect((await get(stranger.accessToken, workspace.id)).status).toBe(404)
    expect((await get(stranger.accessToken, 'garbage')).status).toBe(404)
  })

  it('PATCH renames (admin+), audited with a diff; the personal space cannot be renamed', async () => {
    const { owner, workspace } = await ownerWithWorkspace(base)
    const r = await call(base, 'PATCH', `/api/workspace/${workspace.id}`, { token: owner.accessToken, body: { name: 'Acme Group' } })
    expect(r.status).toBe(200)
    expect(r.body.name).toBe('Acme Group')
    const entry = await useDb().auditLog.findFirst({ where: { workspaceId: workspace.id, action: 'workspace.update' } })
    expect(entry?.diff).toEqual({ name: { from: 'Acme LLP', to: 'Acme Group' } })
    const personal = (await call(base, 'GET', '/api/workspace', { token: owner.accessToken })).body.items[0]
    const p = await call(base, 'PATCH', `/api/workspace/${personal.id}`, { token: owner.accessToken, body: { name: 'x' } })
    expect(p.status).toBe(409)
    expect((await call(base, 'PATCH', `/api/workspace/${workspace.id}`, { token: owner.accessToken, body: {} })).status).toBe(400)
  })
})
