import type { Job } from 'bullmq'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { ensureDemoUsers } from '../../server/domains/auth'
import { contentSitemap } from '../../server/domains/content'
import { searchIndex } from '../../server/domains/content/search'
import { resetConfigForTests } from '../../server/lib/config'
import { closeDb, useDb } from '../../server/lib/db'
import { lookupPage, storePage, pageCacheGeneration } from '../../server/lib/page-cache'
import { closeRedis } from '../../server/lib/redis'
import { createJobProcessor } from '../../server/workers/jobs'
import { activeUser, call } from '../helpers/auth'
import { createTestDatabase, testRedisPrefix } from '../helpers/db'
import { listenApiApp, type TRunningApp } from '../helpers/h3-app'

/**
 * The catalog's editorial rules through the real routes: editors write drafts, admins
 * publish; public reads see published data only; versions, diff, schedule (published by
 * the worker's job), unpublish, and a failed publish leaves nothing behind.
 */
let app: TRunningApp
let drop: () => Promise<void>
let base: string
let admin: string
let editor: string

beforeAll(async () => {
  const db = await createTestDatabase('content_catalog')
  drop = db.drop
  Object.assign(process.env, {
    DATABASE_URL: db.url,
    REDIS_PREFIX: testRedisPrefix('content_catalog'),
    REGION: 'kz',
    TRUST_PROXY: '1',
    REGISTER_IP_LIMIT: '1000',
    NODE_ENV: 'test',
    LOG_LEVEL: 'error',
  })
  resetConfigForTests()
  app = await listenApiApp(['auth', 'content'])
  base = app.url
  await ensureDemoUsers()
  admin = (await call(base, 'POST', '/api/auth/login', { body: { email: 'admin@dogovor24.kz', password: 'Demo12345' } })).body.accessToken
  const e = await activeUser(base)
  await useDb().user.update({ where: { id: e.userId }, data: { roles: ['user', 'editor'] } })
  editor = e.accessToken
})

afterAll(async () => {
  await app?.close()
  await closeRedis()
  await closeDb()
  await drop?.()
})

const seo = (ru: string, kk?: string) => ({
  slug: kk ? { ru, kk: `${ru}-kk` } : { ru },
  title: kk ? { ru: `T ${ru}`, kk: `Т ${kk}` } : { ru: `T ${ru}` },
  description: kk ? { ru: 'Описание', kk: 'Сипаттама' } : { ru: 'Описание' },
})
const sectionData = (slug: string) => ({ title: { ru: 'Недвижимость', kk: 'Жылжымайтын мүлік' }, description: { ru: 'Аренда', kk: 'Жалдау' }, seo: seo(slug, slug) })
const descriptionData = (slug: string, kk = true) => ({
  title: kk ? { ru: 'Договор аренды', kk: 'Жалдау шарты' } : { ru: 'Договор аренды' },
  summary: kk ? { ru: 'Наём', kk: 'Жалдау' } : { ru: 'Наём' },
  purpose: kk ? { ru: 'Для найма', kk: 'Жалдау үшін' } : { ru: 'Для найма' },
  audience: kk ? { ru: 'Собственникам', kk: 'Иелеріне' } : { ru: 'Собственникам' },
  price: { kind: 'paid', amountMinor: 250000, currency: 'KZT' },
  languages: ['ru', 'kk'],
  seo: kk ? seo(slug, slug) : seo(slug),
})

async function create(token: string, kind: string, data: object, parentId: string | null = null) {
  const r = await call(base, 'POST', '/api/content/admin/items', { token, body: { kind, parentId, data } })
  expect(r.status, JSON.stringify(r.body)).toBe(201)
  return r.body as { id: string; status: string; missing: { field: string; locale: string }[] }
}
const publish = (id: string, token = admin, body: object = {}) => call(base, 'POST', `/api/content/admin/items/${id}/publish`, { token, body })

describe('content catalog', () => {
  let sectionId: string
  let docId: string

  it('an editor writes drafts; nothing of a draft reaches the public reads', async () => {
    const section = await create(editor, 'section', sectionData('nedvizhimost'))
    sectionId = section.id
    const doc = await create(editor, 'description', descriptionData('dogovor-arendy', false), sectionId)
    docId = doc.id
    expect(doc.status).toBe('draft')
    expect(doc.missing).toContainEqual({ field: 'title', locale: 'kk' })
    expect((await call(base, 'GET', `/api/content/admin/items/${docId}/missing`, { token: editor })).body.missing).toContainEqual({ field: 'summary', locale: 'kk' })

    expect((await call(base, 'GET', '/api/content/catalog')).body).toEqual({ sections: [] })
    expect((await call(base, 'GET', '/api/content/documents/dogovor-arendy')).status).toBe(404)
    expect((await call(base, 'GET', '/api/content/sections/nedvizhimost')).status).toBe(404)
    // A plain user is no editor.
    const u = await activeUser(base)
    expect((await call(base, 'GET', '/api/content/admin/items', { token: u.accessToken })).status).toBe(403)
    expect((await call(base, 'POST', '/api/content/admin/items', { token: u.accessToken, body: { kind: 'section', data: sectionData('x-y') } })).status).toBe(403)
  })

  it('an editor cannot publish; an admin cannot publish what lacks a required language', async () => {
    expect((await publish(sectionId, editor)).status).toBe(403)
    expect((await call(base, 'POST', `/api/content/admin/items/${sectionId}/unpublish`, { token: editor })).status).toBe(403)
    expect((await publish(sectionId)).status).toBe(200)
    const refused = await publish(docId)
    expect(refused.status).toBe(409)
    expect(refused.body.error.params.missing).toContainEqual({ field: 'purpose', locale: 'kk' })
    expect(await useDb().contentVersion.count({ where: { itemId: docId } })).toBe(0)
  })

  it('publishing freezes version 1; public reads answer in the language asked with fallback', async () => {
    expect((await call(base, 'PATCH', `/api/content/admin/items/${docId}`, { token: editor, body: { data: descriptionData('dogovor-arendy') } })).status).toBe(200)
    const p = await publish(docId)
    expect(p.status).toBe(200)
    expect(p.body).toMatchObject({ status: 'published', publishedVersion: 1, missing: [] })

    const ru = await call(base, 'GET', '/api/content/documents/dogovor-arendy')
    expect(ru.body).toMatchObject({ title: 'Договор аренды', slug: 'dogovor-arendy', fallback: false, section: { slug: 'nedvizhimost', title: 'Недвижимость' } })
    // Any of its slugs opens it; the kk answer is in Kazakh with the kk slug.
    const kk = await call(base, 'GET', '/api/content/documents/dogovor-arendy?locale=kk')
    expect(kk.body).toMatchObject({ title: 'Жалдау шарты', slug: 'dogovor-arendy-kk', fallback: false })
    expect((await call(base, 'GET', '/api/content/documents/dogovor-arendy-kk?locale=kk')).body.id).toBe(docId)
    const en = await call(base, 'GET', '/api/content/documents/dogovor-arendy?locale=en')
    expect(en.body).toMatchObject({ title: 'Договор аренды', fallback: true })
    const catalog = await call(base, 'GET', '/api/content/catalog?locale=kk')
    expect(catalog.body.sections[0]).toMatchObject({ title: 'Жылжымайтын мүлік', descriptions: [{ id: docId, title: 'Жалдау шарты' }] })
    const sitemap = await contentSitemap({ region: 'kz' })
    expect(sitemap).toContainEqual(expect.objectContaining({ path: '/documents/dogovor-arendy', locales: ['ru', 'kk'] }))
    expect(sitemap).toContainEqual(expect.objectContaining({ path: '/catalog/nedvizhimost' }))
  })

  it('a saved draft does not change the public page until published; versions and diff', async () => {
    const next = descriptionData('dogovor-arendy')
    next.title = { ru: 'Договор найма жилья', kk: 'Жалдау шарты' }
    const saved = await call(base, 'PATCH', `/api/content/admin/items/${docId}`, { token: editor, body: { data: next } })
    expect(saved.body.status).toBe('changed')
    expect((await call(base, 'GET', '/api/content/documents/dogovor-arendy')).body.title).toBe('Договор аренды')

    const toDraft = await call(base, 'GET', `/api/content/admin/items/${docId}/diff?from=1`, { token: editor })
    expect(toDraft.body).toEqual({ from: 1, to: null, changes: [{ path: 'title.ru', before: 'Договор аренды', after: 'Договор найма жилья' }] })

    // The cached page of the description is dropped by the publish.
    const key = '/kk/documents/dogovor-arendy'
    await storePage(key, pageCacheGeneration(), { path: key, status: 200, headers: {}, body: '<html>old</html>' })
    expect(lookupPage(key)).toBeDefined()
    expect((await publish(docId)).body.publishedVersion).toBe(2)
    expect(lookupPage(key)).toBeUndefined()
    expect((await call(base, 'GET', '/api/content/documents/dogovor-arendy')).body.title).toBe('Договор найма жилья')

    const versions = await call(base, 'GET', `/api/content/admin/items/${docId}/versions`, { token: editor })
    expect(versions.body.versions.map((v: { number: number }) => v.number)).toEqual([2, 1])
    const diff = await call(base, 'GET', `/api/content/admin/items/${docId}/diff?from=1&to=2`, { token: editor })
    expect(diff.body.changes).toEqual([{ path: 'title.ru', before: 'Договор аренды', after: 'Договор найма жилья' }])
    expect((await call(base, 'GET', `/api/content/admin/items/${docId}/diff?from=1&to=9`, { token: editor })).status).toBe(404)
  })

  it('a scheduled publish waits for its time and is published by the worker job', async () => {
    const article = await create(editor, 'article', {
      title: { ru: 'Как снять квартиру', kk: 'Пәтерді қалай жалдау керек' },
      summary: { ru: 'Коротко', kk: 'Қысқаша' },
      body: { ru: [{ type: 'paragraph', text: 'Текст' }], kk: [{ type: 'paragraph', text: 'Мәтін' }] },
      tags: ['аренда'],
      relatedDescriptionIds: [docId],
      seo: seo('kak-snyat-kvartiru', 'kak-snyat-kvartiru'),
    })
    const at = new Date(Date.now() + 3_600_000).toISOString()
    const scheduled = await publish(article.id, admin, { publishAt: at })
    expect(scheduled.body).toMatchObject({ status: 'scheduled', publishAt: at, publishedVersion: null })
    const runJob = () => createJobProcessor(useDb())({ name: 'content.publishDue', data: {}, id: 'test', attemptsMade: 0 } as unknown as Job)
    expect(await runJob()).toEqual({ published: [], failed: [] })
    expect((await call(base, 'GET', '/api/content/articles/kak-snyat-kvartiru')).status).toBe(404)

    // The hour passes.
    await useDb().contentItem.update({ where: { id: article.id }, data: { publishAt: new Date(Date.now() - 1000) } })
    expect(await runJob()).toEqual({ published: [article.id], failed: [] })
    const read = await call(base, 'GET', '/api/content/articles/kak-snyat-kvartiru?locale=kk')
    expect(read.body).toMatchObject({ title: 'Пәтерді қалай жалдау керек', body: [{ type: 'paragraph', text: 'Мәтін' }], related: [{ id: docId, title: 'Жалдау шарты' }] })
    const v = await useDb().contentVersion.findFirstOrThrow({ where: { itemId: article.id } })
    expect(v).toMatchObject({ number: 1, scheduled: true })
    expect((await call(base, 'GET', '/api/content/articles')).body.articles).toHaveLength(1)
  })

  it('unpublish takes an item (and what it holds) off the public site; history stays', async () => {
    expect((await call(base, 'POST', `/api/content/admin/items/${sectionId}/unpublish`, { token: admin })).body.status).toBe('draft')
    expect((await call(base, 'GET', '/api/content/catalog')).body.sections).toEqual([])
    // The description is still published but its section is not: not shown.
    expect((await call(base, 'GET', '/api/content/documents/dogovor-arendy')).status).toBe(404)
    expect((await publish(sectionId)).body.publishedVersion).toBe(2)
    expect((await call(base, 'GET', '/api/content/documents/dogovor-arendy')).status).toBe(200)
    const un = await call(base, 'POST', `/api/content/admin/items/${docId}/unpublish`, { token: admin })
    expect(un.body).toMatchObject({ status: 'draft', publishedVersion: null })
    expect((await call(base, 'GET', '/api/content/documents/dogovor-arendy')).status).toBe(404)
    expect((await call(base, 'GET', `/api/content/admin/items/${docId}/versions`, { token: editor })).body.versions).toHaveLength(2)
  })

  it('a publish that fails part-way writes nothing: no version, no published copy, no slug', async () => {
    const spy = vi.spyOn(searchIndex, 'upsert').mockRejectedValueOnce(new Error('index down'))
    try {
      const r = await publish(docId)
      expect(r.status).toBe(500)
    } finally {
      spy.mockRestore()
    }
    const row = await useDb().contentItem.findUniqueOrThrow({ where: { id: docId } })
    expect(row).toMatchObject({ publishedVersion: null, slugRu: null, published: null })
    expect(await useDb().contentVersion.count({ where: { itemId: docId } })).toBe(2)

    // A taken slug is refused before anything is written.
    const twin = await create(editor, 'description', descriptionData('dogovor-arendy'), sectionId)
    expect((await publish(docId)).body.publishedVersion).toBe(3)
    const clash = await publish(twin.id)
    expect(clash.status).toBe(409)
    expect(clash.body.error.params.reason).toBe('slug_taken')
    expect(await useDb().contentVersion.count({ where: { itemId: twin.id } })).toBe(0)
  })

  it('refuses a description outside a section or folder, and invalid data with field paths', async () => {
    const noParent = await call(base, 'POST', '/api/content/admin/items', { token: editor, body: { kind: 'description', data: descriptionData('x-y') } })
    expect(noParent.status).toBe(400)
    const bad = await call(base, 'POST', '/api/content/admin/items', { token: editor, body: { kind: 'section', data: { ...sectionData('x-y'), seo: { slug: { ru: 'Не латиница' }, title: {}, description: {} } } } })
    expect(bad.status).toBe(400)
    expect(bad.body.error.fields[0].path).toBe('body.data.seo.slug.ru')
  })
})
