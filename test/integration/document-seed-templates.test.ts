import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import type { Job } from 'bullmq'
import PizZip from 'pizzip'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startS3Server, type TS3Server } from '../../scripts/lib/s3-server'
import { findUserByContact } from '../../server/domains/auth'
import { publishContentItem, readDescription, searchIndex, unpublishContentItem } from '../../server/domains/content'
import { completeFilling, demoTemplates, documentLang, renderDocx, requestDocument, saveAnswers, startFilling, type TSeedTemplate } from '../../server/domains/document'
import { createEventProcessor } from '../../server/events/consume'
import { resetConfigForTests } from '../../server/lib/config'
import { closeDb, useDb } from '../../server/lib/db'
import { findSoffice, INSTALL_HINT, OfficeError, stopConverter } from '../../server/lib/office'
import { closeRedis } from '../../server/lib/redis'
import { ensureBucket, getObjectStream } from '../../server/lib/storage'
import { LISTENER_MODULES } from '../../server/workers/listeners'
import { checkQuestionnaire, checkTemplate } from '../../shared/template-check'
import { validateAnswers } from '../../shared/questionnaire-validate'
import { resolveValues } from '../../shared/questionnaire-values'
import { createTestDatabase, testRedisPrefix } from '../helpers/db'

// The demo templates as `npm run db:seed` writes them (kz: bilingual), their documents
// (DOCX for each, one PDF through the real LibreOffice), the catalog links and search.
if (!findSoffice()) throw new Error(INSTALL_HINT)

const ROOT = path.resolve(import.meta.dirname, '../..')
let dbUrl: string
let dropDb: (() => Promise<void>) | undefined
let s3: TS3Server
const scratch = mkdtempSync(path.join(tmpdir(), 'd24-seed-templates-'))

beforeAll(async () => {
  const db = await createTestDatabase('seedtpl')
  dbUrl = db.url
  dropDb = db.drop
  s3 = await startS3Server({ port: 0, dir: path.join(scratch, 's3') })
  Object.assign(process.env, {
    DATABASE_URL: db.url,
    REDIS_PREFIX: testRedisPrefix('seedtpl'),
    REGION: 'kz',
    NODE_ENV: 'test',
    LOG_LEVEL: 'error',
    S3_ENDPOINT: s3.endpoint,
    S3_BUCKET: 'seedtpl',
    S3_ACCESS_KEY: 'S3RVER',
    S3_SECRET_KEY: 'S3RVER',
  })
  resetConfigForTests()
  await ensureBucket()
}, 60_000)

afterAll(async () => {
  await stopConverter()
  await closeRedis()
  await closeDb()
  await s3?.stop()
  await dropDb?.()
  rmSync(scratch, { recursive: true, force: true })
})

function seed(): string {
  return execFileSync(process.execPath, ['--import', 'tsx', 'prisma/seed.ts'], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: dbUrl, REGION: 'kz', LOG_LEVEL: 'error' },
    encoding: 'utf8',
  })
}

/** Every row the seed writes, table by table (ids and all: a re-run must not touch one). */
async function snapshot() {
  const db = useDb()
  return {
    templates: await db.template.findMany({ orderBy: { id: 'asc' } }),
    versions: await db.templateVersion.findMany({ orderBy: { id: 'asc' } }),
    items: await db.contentItem.findMany({ orderBy: { id: 'asc' } }),
    contentVersions: await db.contentVersion.count(),
    outbox: await db.$queryRaw<{ name: string; n: number }[]>`SELECT name, count(*)::int AS n FROM event_outbox GROUP BY name ORDER BY name`,
  }
}

/** Applies the outbox's events of one name through a domain's listeners, as the worker does. */
async function runListeners(domain: 'content' | 'document', name: string, where?: { key: string; value: string }): Promise<void> {
  const db = useDb()
  const run = createEventProcessor(domain, LISTENER_MODULES, db)
  const rows = await db.$queryRaw<{ id: string; name: string; version: number; payload: Record<string, unknown>; publisher: string; created_at: Date }[]>`
    SELECT id::text, name, version, payload, publisher, created_at FROM event_outbox WHERE name = ${name} ORDER BY created_at`
  for (const r of rows) {
    if (where && r.payload[where.key] !== where.value) continue
    const data = { id: r.id, name: r.name, version: r.version, payload: r.payload, publisher: r.publisher, publishedAt: r.created_at.toISOString() }
    // As BullMQ would: a converter that is not up yet on a loaded machine (`unavailable`) makes the job retry.
    for (let attempt = 0; ; attempt++) {
      try {
        await run({ name: r.name, data, attemptsMade: attempt } as unknown as Job)
        break
      } catch (e) {
        if (!(e instanceof OfficeError && e.code === 'unavailable') || attempt >= 2) throw e
      }
    }
  }
}

function docxText(docx: Buffer): string {
  const xml = new PizZip(docx).file('word/document.xml')!.asText()
  return [...xml.matchAll(/<w:t[^>]*>([^<]*)<\/w:t>|<w:p[ >/]/g)]
    .map((m) => (m[1] === undefined ? '\n' : m[1]))
    .join('')
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .replace(/[^\S\u00a0]+/g, ' ')
}

function pdfText(pdf: Buffer): string {
  const file = path.join(scratch, `doc-${Date.now()}.pdf`)
  writeFileSync(file, pdf)
  return execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ')
}

const seeded = new Map<string, string>()

describe('the demo templates in the seed', () => {
  it('are written and published once: a second run leaves every row as it was', async () => {
    const first = seed()
    expect(first).toContain('templates created and published 5')
    const after1 = await snapshot()
    expect(after1.templates).toHaveLength(5)
    for (const t of after1.templates) expect(t).toMatchObject({ status: 'published', bilingual: true, region: 'kz', workspaceId: null })
    expect(after1.versions.map((v) => v.number)).toEqual([1, 1, 1, 1, 1])
    expect(after1.outbox).toContainEqual({ name: 'TemplatePublished', n: 5 })
    const second = seed()
    expect(second).toContain('templates created and published 0, already there 5')
    expect(second).toContain('linked to a template 0')
    expect(await snapshot()).toEqual(after1)
    for (const t of after1.templates) seeded.set((t.title as { ru: string }).ru, t.id)
  }, 180_000)

  it('link the catalog: each description names its template', async () => {
    for (const def of demoTemplates('kz')) {
      const d = await readDescription(def.descriptionSlug, 'ru')
      expect(d.templateId, def.descriptionSlug).toBe(seeded.get(def.title.ru))
    }
  })

  it('are found by search once content handles TemplatePublished, at their description pages', async () => {
    await runListeners('content', 'TemplatePublished')
    const lease = seeded.get('Договор аренды помещения')!
    for (const q of ['договор аренды', 'аренда помещения']) {
      const r = await searchIndex.search({ q, locale: 'ru', region: 'kz', kinds: ['template'] })
      const hit = r.hits.find((h) => h.ref === lease)
      expect(hit, q).toMatchObject({ kind: 'template', path: '/documents/dogovor-arendy-pomeshcheniya' })
    }
    const kk = await searchIndex.search({ q: 'шарт', locale: 'kk', region: 'kz', kinds: ['template'] })
    const titles = kk.hits.map((h) => h.title)
    for (const title of ['Еңбек шарты', 'Үй-жайды жалға беру шарты', 'Ақылы қызмет көрсету шарты']) expect(titles).toContain(title)
    expect(kk.hits.find((h) => h.title === 'Үй-жайды жалға беру шарты')?.path).toBe('/documents/turgyn-emes-ui-zhaidy-zhaldau-sharty')
    // Its description unpublished, the template is found at the runner; published again, at the page.
    const admin = (await findUserByContact({ email: 'admin@dogovor24.kz' }))!
    const page = await useDb().contentItem.findFirstOrThrow({ where: { region: 'kz', kind: 'description', slugRu: 'dogovor-arendy-pomeshcheniya' } })
    const leasePaths = async () => (await useDb().$queryRaw<{ path: string }[]>`SELECT path FROM search_entries WHERE ref = ${lease} ORDER BY locale`).map((r) => r.path)
    await unpublishContentItem({ userId: admin.id }, page.id)
    expect(await leasePaths()).toEqual([`/constructor?template=${lease}`, `/constructor?template=${lease}`])
    await publishContentItem({ userId: admin.id }, page.id)
    expect(await leasePaths()).toEqual(['/documents/turgyn-emes-ui-zhaidy-zhaldau-sharty', '/documents/dogovor-arendy-pomeshcheniya'])
    // The public search answers them beside the descriptions.
    const all = await searchIndex.search({ q: 'договор аренды помещения', locale: 'ru', region: 'kz' })
    expect(all.hits.map((h) => h.kind)).toEqual(expect.arrayContaining(['template', 'description']))
  })
})

describe.each(['kz', 'ru'] as const)('the %s templates', (region) => {
  const templates = demoTemplates(region)
  it.each(templates.map((t) => [t.key, t] as [string, TSeedTemplate]))('%s passes the publishing checks and its sample answers validate', (_key, tpl) => {
    expect([...checkQuestionnaire(tpl.questionnaire), ...checkTemplate(tpl.body, tpl.questionnaire, { bilingual: tpl.bilingual })]).toEqual([])
    expect(validateAnswers(tpl.questionnaire, tpl.sampleAnswers, { locale: 'ru', region }).errors).toEqual([])
  })
  it.each(templates.map((t) => [t.key, t] as [string, TSeedTemplate]))('%s prints the filled values and not the hidden clauses', (_key, tpl) => {
    const values = resolveValues(tpl.questionnaire, tpl.sampleAnswers, { region })
    const text = docxText(renderDocx(tpl.body, values, { lang: 'ru', questionnaire: tpl.questionnaire, title: tpl.title.ru }))
    for (const s of tpl.expect.present) expect(text, s).toContain(s)
    for (const s of tpl.expect.absent) expect(text, s).not.toContain(s)
    // kz: both languages side by side; ru: Russian only, in roubles.
    if (region === 'kz') expect(text).toMatch(/ШАРТЫ|СЕНІМХАТ|ҚОЛХАТ/)
    else expect(text).not.toMatch(/[әғқңөұүһі]/i)
  })
})

describe('a document from a seeded template, through the worker path', () => {
  it('generates the lease as PDF with the filled values, asked in Kazakh', async () => {
    const user = (await findUserByContact({ email: 'user@dogovor24.kz' }))!
    const tpl = demoTemplates('kz').find((t) => t.key === 'lease')!
    const filling = await startFilling(user.id, seeded.get(tpl.title.ru)!)
    await saveAnswers(user.id, filling.id, { answers: tpl.sampleAnswers, locale: 'kk' })
    await completeFilling(user.id, filling.id, 'kk')
    const doc = await requestDocument(user.id, filling.id, 'pdf', 'kk')
    await runListeners('document', 'DocumentRequested', { key: 'documentId', value: doc.id })
    const row = await useDb().generatedDocument.findUniqueOrThrow({ where: { id: doc.id } })
    expect(row).toMatchObject({ status: 'ready', errorCode: null })
    const chunks: Buffer[] = []
    for await (const c of await getObjectStream(row.s3Key!)) chunks.push(c as Buffer)
    const text = pdfText(Buffer.concat(chunks))
    expect(text).toContain('Байзакова')
    expect(text).toContain('ҮЙ-ЖАЙДЫ ЖАЛҒА БЕРУ ШАРТЫ')
    // One DocumentGenerated for the one document; the listener's receipt makes a redelivery a no-op.
    await runListeners('document', 'DocumentRequested', { key: 'documentId', value: doc.id })
    const generated = await useDb().$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n FROM event_outbox WHERE name = 'DocumentGenerated' AND payload->>'documentId' = ${doc.id}`
    expect(generated[0]!.n).toBe(1)
  }, 240_000)

  it('speaks the asked language only where the template has it', () => {
    expect(documentLang(true, 'kk')).toBe('kk')
    expect(documentLang(true, 'en')).toBe('ru')
    expect(documentLang(false, 'kk')).toBe('ru')
    expect(documentLang(true, undefined)).toBe('ru')
  })
})
