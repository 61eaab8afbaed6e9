import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ensureDemoUsers } from '../../server/domains/auth'
import { publishDueContent } from '../../server/domains/content'
import { verifyChain } from '../../server/domains/history'
import { useDb } from '../../server/lib/db'
import { activeUser, call, setupAuthTest, uniqueIp } from '../helpers/auth'
import { leaseBody, leaseQuestionnaire } from '../helpers/lease-template'

/**
 * Publishing leaves a trace in the audit log the admin audit page reads (GET /api/history):
 * catalog publish, schedule, cancel, scheduled publish by the worker, unpublish, and a
 * template publish; each one entry, with the person who did it and the version.
 */
let base: string
let teardown: () => Promise<void>
let admin: { token: string; userId: string }
let lawyer: { token: string; userId: string }

beforeAll(async () => {
  const setup = await setupAuthTest('publish_audit', 'kz', ['auth', 'content', 'document', 'history'])
  teardown = setup.teardown
  base = setup.app.url
  await ensureDemoUsers()
  const login = await call(base, 'POST', '/api/auth/login', { body: { email: 'admin@dogovor24.kz', password: 'Demo12345' } })
  admin = { token: login.body.accessToken, userId: login.body.user.id }
  const u = await activeUser(base)
  await useDb().user.update({ where: { id: u.userId }, data: { roles: ['user', 'lawyer'] } })
  const l = await call(base, 'POST', '/api/auth/login', { body: { email: u.email, password: u.password }, ip: uniqueIp() })
  lawyer = { token: l.body.accessToken, userId: u.userId }
}, 30_000)

afterAll(async () => {
  await teardown?.()
})

const audit = async (query: string) => {
  const r = await call(base, 'GET', `/api/history?${query}`, { token: admin.token })
  expect(r.status, JSON.stringify(r.body)).toBe(200)
  return r.body as { total: number; items: { action: string; actorUserId: string | null; actorName: string | null; entityType: string; entityId: string; diff: Record<string, unknown> }[] }
}

const section = (slug: string) => ({
  title: { ru: 'Недвижимость', kk: 'Жылжымайтын мүлік' },
  description: { ru: 'Аренда', kk: 'Жалдау' },
  seo: { slug: { ru: slug, kk: `${slug}-kk` }, title: { ru: 'T', kk: 'Т' }, description: { ru: 'Описание', kk: 'Сипаттама' } },
})

describe('audit entries for publishing', () => {
  it('a catalog publish leaves one entry with the admin and the version; unpublish one more', async () => {
    const created = await call(base, 'POST', '/api/content/admin/items', { token: admin.token, body: { kind: 'section', parentId: null, data: section('audit-one') } })
    expect(created.status, JSON.stringify(created.body)).toBe(201)
    const id = created.body.id as string
    const published = await call(base, 'POST', `/api/content/admin/items/${id}/publish`, { token: admin.token, body: {} })
    expect(published.status, JSON.stringify(published.body)).toBe(200)

    const entries = await audit(`entityId=${id}`)
    expect(entries.total).toBe(1)
    expect(entries.items[0]).toMatchObject({
      action: 'content.publish',
      actorUserId: admin.userId,
      entityType: 'content',
      entityId: id,
      diff: { name: 'Недвижимость', version: 1 },
    })
    expect(entries.items[0]!.actorName).toBeTruthy()

    expect((await call(base, 'POST', `/api/content/admin/items/${id}/unpublish`, { token: admin.token })).status).toBe(200)
    const after = await audit(`entityId=${id}&action=content.unpublish`)
    expect(after.items.map((i) => [i.action, i.actorUserId, i.diff.version])).toEqual([['content.unpublish', admin.userId, 1]])
    // Unpublishing what is not published changes nothing and records nothing.
    expect((await call(base, 'POST', `/api/content/admin/items/${id}/unpublish`, { token: admin.token })).status).toBe(200)
    expect((await audit(`entityId=${id}`)).total).toBe(2)
  })

  it('a schedule, its cancel, and the worker publishing on schedule as the admin who scheduled it', async () => {
    const created = await call(base, 'POST', '/api/content/admin/items', { token: admin.token, body: { kind: 'section', parentId: null, data: section('audit-two') } })
    const id = created.body.id as string
    const at = new Date(Date.now() + 3_600_000).toISOString()
    expect((await call(base, 'POST', `/api/content/admin/items/${id}/publish`, { token: admin.token, body: { publishAt: at } })).status).toBe(200)
    expect((await call(base, 'DELETE', `/api/content/admin/items/${id}/schedule`, { token: admin.token })).status).toBe(200)
    expect((await call(base, 'POST', `/api/content/admin/items/${id}/publish`, { token: admin.token, body: { publishAt: at } })).status).toBe(200)
    await publishDueContent(useDb(), new Date(Date.now() + 2 * 3_600_000))

    const entries = await audit(`entityId=${id}`)
    // Newest first.
    expect(entries.items.map((i) => i.action)).toEqual(['content.publish', 'content.schedule', 'content.schedule_cancel', 'content.schedule'])
    expect(entries.items.every((i) => i.actorUserId === admin.userId)).toBe(true)
    expect(entries.items[0]!.diff).toMatchObject({ version: 1, scheduled: true })
    expect(entries.items[1]!.diff.publishAt).toBe(at)
  })

  it('a template publish leaves one entry with the lawyer and the version', async () => {
    const created = await call(base, 'POST', '/api/document/templates', {
      token: lawyer.token,
      body: { title: { ru: 'Договор аренды', kk: 'Жалға алу шарты' }, bilingual: true, body: leaseBody, questionnaire: leaseQuestionnaire },
    })
    expect(created.status, JSON.stringify(created.body)).toBe(201)
    const id = created.body.id as string
    const v1 = await call(base, 'POST', `/api/document/templates/${id}/publish`, { token: lawyer.token })
    expect(v1.status, JSON.stringify(v1.body)).toBe(201)

    const entries = await audit(`entityType=template&entityId=${id}`)
    expect(entries.total).toBe(1)
    expect(entries.items[0]).toMatchObject({ action: 'template.publish', actorUserId: lawyer.userId, diff: { name: 'Договор аренды', version: 1 } })
    const report = await verifyChain()
    expect(report.ok).toBe(true)
  })
})
