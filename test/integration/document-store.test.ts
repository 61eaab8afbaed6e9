import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import type { Job } from 'bullmq'
import PizZip from 'pizzip'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startS3Server, type TS3Server } from '../../scripts/lib/s3-server'
import { setPdfConverter } from '../../server/domains/document'
import { createEventProcessor } from '../../server/events/consume'
import { resetConfigForTests } from '../../server/lib/config'
import { closeDb, useDb } from '../../server/lib/db'
import { ConverterPool, findSoffice, INSTALL_HINT, stopConverter } from '../../server/lib/office'
import { closeRedis } from '../../server/lib/redis'
import { ensureBucket, getObjectStream, useS3 } from '../../server/lib/storage'
import { LISTENER_MODULES } from '../../server/workers/listeners'
import { activeUser, call, uniqueIp } from '../helpers/auth'
import { createTestDatabase, testRedisPrefix } from '../helpers/db'
import { listenApiApp, type TRunningApp } from '../helpers/h3-app'
import { KZ, leaseAnswers, leaseBody, leaseQuestionnaire } from '../helpers/lease-template'
import { ownerWithWorkspace } from '../helpers/workspace'

// The document domain's store and API: templates and versions, fillings, answer sets and
// generation through the DocumentRequested listener (the processor the worker runs), with
// the real PostgreSQL, a local S3 and LibreOffice's warm converter.
if (!findSoffice()) throw new Error(INSTALL_HINT)

let app: TRunningApp
let base: string
let s3: TS3Server
let s3dir: string
let dropDb: () => Promise<void>
let lawyer: { token: string; userId: string }
let person: { token: string; userId: string }
let stranger: { token: string; userId: string }

async function signedIn(roles?: string[]) {
  const u = await activeUser(base)
  if (!roles) return { token: u.accessToken, userId: u.userId }
  await useDb().user.update({ where: { id: u.userId }, data: { roles } })
  const login = await call(base, 'POST', '/api/auth/login', { body: { email: u.email, password: u.password }, ip: uniqueIp() })
  return { token: login.body.accessToken as string, userId: u.userId }
}

beforeAll(async () => {
  const db = await createTestDatabase('docstore')
  dropDb = db.drop
  s3dir = mkdtempSync(path.join(tmpdir(), 'd24-docstore-s3-'))
  s3 = await startS3Server({ port: 0, dir: s3dir })
  Object.assign(process.env, {
    DATABASE_URL: db.url,
    REDIS_PREFIX: testRedisPrefix('docstore'),
    REGION: 'kz',
    TRUST_PROXY: '1',
    REGISTER_IP_LIMIT: '1000',
    NODE_ENV: 'test',
    LOG_LEVEL: 'error',
    S3_ENDPOINT: s3.endpoint,
    S3_BUCKET: 'docstore',
    S3_ACCESS_KEY: 'S3RVER',
    S3_SECRET_KEY: 'S3RVER',
  })
  resetConfigForTests()
  await ensureBucket()
  app = await listenApiApp(['auth', 'workspace', 'document'])
  base = app.url
  lawyer = await signedIn(['user', 'lawyer'])
  person = await signedIn()
  stranger = await signedIn()
}, 30_000)

afterAll(async () => {
  setPdfConverter(null)
  await stopConverter()
  await app?.close()
  await s3?.stop()
  await closeRedis()
  await closeDb()
  await dropDb?.()
  rmSync(s3dir, { recursive: true, force: true })
})

/** Runs the document domain's listener over one request's DocumentRequested event, as the worker does. */
async function runGeneration(documentId: string): Promise<void> {
  const db = useDb()
  const process = createEventProcessor('document', LISTENER_MODULES, db)
  const rows = await db.$queryRaw<{ id: string; name: string; version: number; payload: unknown; publisher: string; created_at: Date }[]>`
    SELECT id::text, name, version, payload, publisher, created_at FROM event_outbox WHERE name = 'DocumentRequested' AND payload->>'documentId' = ${documentId}`
  for (const r of rows) {
    const data = { id: r.id, name: r.name, version: r.version, payload: r.payload, publisher: r.publisher, publishedAt: r.created_at.toISOString() }
    await process({ name: r.name, data, attemptsMade: 0 } as unknown as Job)
  }
}

async function readObject(key: string): Promise<Buffer> {
  const chunks: Buffer[] = []
  for await (const c of await getObjectStream(key)) chunks.push(c as Buffer)
  return Buffer.concat(chunks)
}

async function bucketKeys(): Promise<string[]> {
  const keys: string[] = []
  for await (const o of useS3().listObjectsV2('docstore', '', true)) keys.push((o as { name: string }).name)
  return keys
}

const docxText = (b: Buffer) => [...new PizZip(b).file('word/document.xml')!.asText().matchAll(/<w:t[^>]*>([^<]*)<\/w:t>/g)].map((m) => m[1]).join('')

const leaseDraft = { title: { ru: 'Договор аренды', kk: 'Жалға алу шарты' }, bilingual: true, body: leaseBody, questionnaire: leaseQuestionnaire }
let templateId: string
let fillingId: string

describe('templates', () => {
  it('only lawyers and admins write templates', async () => {
    const r = await call(base, 'POST', '/api/document/templates', { token: person.token, body: leaseDraft })
    expect(r.status).toBe(403)
  })

  it('publishing is refused with the engine\'s problem list, then a clean draft becomes version 1', async () => {
    // A field the questionnaire does not ask: checkTemplate names it.
    const broken = {
      ...leaseDraft,
      body: { type: 'doc', content: [...leaseBody.content, { type: 'paragraph', content: [{ type: 'field', attrs: { key: 'nowhere' } }] }] },
    }
    const created = await call(base, 'POST', '/api/document/templates', { token: lawyer.token, body: broken })
    expect(created.status, JSON.stringify(created.body)).toBe(201)
    templateId = created.body.id
    const refused = await call(base, 'POST', `/api/document/templates/${templateId}/publish`, { token: lawyer.token })
    expect(refused.status).toBe(409)
    expect(refused.body.error.messageKey).toBe('errors.document.template_problems')
    expect(refused.body.error.params.problems.map((p: { code: string }) => p.code)).toContain('unknown_field')
    expect(refused.body.error.fields.length).toBeGreaterThan(0)
    expect((await call(base, 'GET', `/api/document/templates/${templateId}/versions`, { token: lawyer.token })).body).toEqual([])

    const fixed = await call(base, 'PATCH', `/api/document/templates/${templateId}`, { token: lawyer.token, body: { body: leaseBody } })
    expect(fixed.status).toBe(200)
    const v1 = await call(base, 'POST', `/api/document/templates/${templateId}/publish`, { token: lawyer.token })
    expect(v1.status, JSON.stringify(v1.body)).toBe(201)
    expect(v1.body.number).toBe(1)
  })

  it('previews the draft with sample answers or given ones', async () => {
    const sample = await call(base, 'POST', `/api/document/templates/${templateId}/preview`, { token: lawyer.token, body: {} })
    expect(sample.status).toBe(200)
    expect(sample.body.html).toContain('<')
    const given = await call(base, 'POST', `/api/document/templates/${templateId}/preview`, { token: lawyer.token, body: { answers: leaseAnswers } })
    expect(given.body.html).toContain('Петрова')
  })
})

describe('fillings', () => {
  it('a filling keeps its version after a new publish', async () => {
    const started = await call(base, 'POST', '/api/document/fillings', { token: person.token, body: { templateId } })
    expect(started.status, JSON.stringify(started.body)).toBe(201)
    expect(started.body.versionNumber).toBe(1)
    fillingId = started.body.id
    // What the runner needs to validate and preview in the browser: the version's body, region and price.
    expect(started.body.body).toEqual(leaseBody)
    expect(started.body).toMatchObject({ region: 'kz', priceMinor: 0, currency: null })
    const retitled = await call(base, 'PATCH', `/api/document/templates/${templateId}`, { token: lawyer.token, body: { title: { ru: 'Договор аренды (ред. 2)', kk: 'Жалға алу шарты' } } })
    expect(retitled.status).toBe(200)
    expect((await call(base, 'POST', `/api/document/templates/${templateId}/publish`, { token: lawyer.token })).body.number).toBe(2)
    const again = await call(base, 'GET', `/api/document/fillings/${fillingId}`, { token: person.token })
    expect(again.body.versionNumber).toBe(1)
    expect(again.body.title.ru).toBe('Договор аренды')
    const fresh = await call(base, 'POST', '/api/document/fillings', { token: person.token, body: { templateId } })
    expect(fresh.body.versionNumber).toBe(2)
  })

  it('autosave keeps partial answers and refuses a wrong IIN; resume gives them back', async () => {
    const partial = { landlord: leaseAnswers.landlord, termDays: 30 }
    const saved = await call(base, 'PATCH', `/api/document/fillings/${fillingId}/answers`, { token: person.token, body: { answers: partial, currentPage: 'terms' } })
    expect(saved.status, JSON.stringify(saved.body)).toBe(200)
    const wrong = { tenant: { kind: 'person', person: { ...leaseAnswers.tenant.person, iin: '900101300812' } } }
    const refused = await call(base, 'PATCH', `/api/document/fillings/${fillingId}/answers`, { token: person.token, body: { answers: wrong } })
    expect(refused.status).toBe(400)
    expect(refused.body.error.fields.map((f: { path: string }) => f.path)).toContain('body.answers.tenant.person.iin')
    const resumed = await call(base, 'GET', `/api/document/fillings/${fillingId}`, { token: person.token })
    expect(resumed.body.currentPage).toBe('terms')
    expect(resumed.body.answers.landlord).toEqual(leaseAnswers.landlord)
    expect(resumed.body.answers.termDays).toBe(30)
    expect(resumed.body.answers.tenant).toBeUndefined()
    // Not complete yet: the required answers are missing.
    const early = await call(base, 'POST', `/api/document/fillings/${fillingId}/complete`, { token: person.token, body: {} })
    expect(early.status).toBe(400)
    // Two tabs saving at once: both answers survive (the saves merge one after the other).
    const [a, b] = await Promise.all([
      call(base, 'PATCH', `/api/document/fillings/${fillingId}/answers`, { token: person.token, body: { answers: { city: 'Астана' } } }),
      call(base, 'PATCH', `/api/document/fillings/${fillingId}/answers`, { token: person.token, body: { answers: { startDate: '2026-12-01' } } }),
    ])
    expect([a.status, b.status]).toEqual([200, 200])
    const both = (await call(base, 'GET', `/api/document/fillings/${fillingId}`, { token: person.token })).body.answers
    expect([both.city, both.startDate, both.termDays]).toEqual(['Астана', '2026-12-01', 30])
    const mine = await call(base, 'GET', '/api/document/fillings', { token: person.token })
    expect(mine.body.map((f: { id: string }) => f.id)).toContain(fillingId)
  })

  it('another user cannot read, save or generate the filling (404)', async () => {
    expect((await call(base, 'GET', `/api/document/fillings/${fillingId}`, { token: stranger.token })).status).toBe(404)
    expect((await call(base, 'PATCH', `/api/document/fillings/${fillingId}/answers`, { token: stranger.token, body: { answers: {} } })).status).toBe(404)
    expect((await call(base, 'POST', `/api/document/fillings/${fillingId}/documents`, { token: stranger.token, body: { format: 'docx' } })).status).toBe(404)
    expect((await call(base, 'GET', '/api/document/fillings', { token: stranger.token })).body).toEqual([])
  })

  it('an answer set is copied into the filling: editing the set later does not change it', async () => {
    const bad = await call(base, 'POST', '/api/document/answer-sets', { token: person.token, body: { kind: 'person', label: 'Я', data: { last: 'А', first: 'Б', iin: '123' } } })
    expect(bad.status).toBe(400)
    const set = await call(base, 'POST', '/api/document/answer-sets', {
      token: person.token,
      body: { kind: 'address', label: 'Офис', data: leaseAnswers.premisesAddress },
    })
    expect(set.status, JSON.stringify(set.body)).toBe(201)
    const used = await call(base, 'POST', `/api/document/fillings/${fillingId}/answer-set`, { token: person.token, body: { answerSetId: set.body.id, key: 'premisesAddress' } })
    expect(used.status, JSON.stringify(used.body)).toBe(200)
    expect(used.body.answers.premisesAddress).toEqual(leaseAnswers.premisesAddress)
    const edited = await call(base, 'PATCH', `/api/document/answer-sets/${set.body.id}`, { token: person.token, body: { data: { city: 'Астана', line: 'ул. Иная, 1' } } })
    expect(edited.status).toBe(200)
    expect((await call(base, 'GET', `/api/document/fillings/${fillingId}`, { token: person.token })).body.answers.premisesAddress).toEqual(leaseAnswers.premisesAddress)
    // Someone else's set cannot be used or seen.
    expect((await call(base, 'POST', `/api/document/fillings/${fillingId}/answer-set`, { token: stranger.token, body: { answerSetId: set.body.id, key: 'premisesAddress' } })).status).toBe(404)
    expect((await call(base, 'GET', '/api/document/answer-sets', { token: stranger.token })).body).toEqual([])
  })

  it('a workspace\'s answer sets are its members\' only', async () => {
    const { owner, workspace } = await ownerWithWorkspace(base, 'Docs LLP')
    const created = await call(base, 'POST', `/api/document/workspaces/${workspace.id}/answer-sets`, {
      token: owner.accessToken,
      body: { kind: 'company', label: 'Мы', data: { name: 'ТОО «Docs»', bin: KZ.bin } },
    })
    expect(created.status, JSON.stringify(created.body)).toBe(201)
    expect((await call(base, 'GET', `/api/document/workspaces/${workspace.id}/answer-sets`, { token: owner.accessToken })).body).toHaveLength(1)
    expect((await call(base, 'GET', `/api/document/workspaces/${workspace.id}/answer-sets`, { token: stranger.token })).status).toBe(404)
    expect((await call(base, 'DELETE', `/api/document/workspaces/${workspace.id}/answer-sets/${created.body.id}`, { token: stranger.token })).status).toBe(404)
  })
})

describe('generation', () => {
  it('refuses an incomplete filling, then DOCX through the job path stores a file with the answers', async () => {
    expect((await call(base, 'POST', `/api/document/fillings/${fillingId}/documents`, { token: person.token, body: { format: 'docx' } })).status).toBe(409)
    const { landlord, ...rest } = leaseAnswers
    void landlord
    expect((await call(base, 'PATCH', `/api/document/fillings/${fillingId}/answers`, { token: person.token, body: { answers: rest } })).status).toBe(200)
    const preview = await call(base, 'GET', `/api/document/fillings/${fillingId}/preview?locale=ru`, { token: person.token })
    expect(preview.status).toBe(200)
    expect(preview.body.html).toContain('Петрова')
    expect((await call(base, 'GET', `/api/document/fillings/${fillingId}/preview`, { token: stranger.token })).status).toBe(404)
    const done = await call(base, 'POST', `/api/document/fillings/${fillingId}/complete`, { token: person.token, body: {} })
    expect(done.status, JSON.stringify(done.body)).toBe(200)
    expect(done.body.status).toBe('complete')

    const req = await call(base, 'POST', `/api/document/fillings/${fillingId}/documents`, { token: person.token, body: { format: 'docx' } })
    expect(req.status).toBe(202)
    expect(req.body.status).toBe('pending')
    expect(req.body.fileName).toMatch(/Договор аренды.*\.docx$/)
    expect((await call(base, 'GET', `/api/document/fillings/${fillingId}/documents/${req.body.id}/download`, { token: person.token })).status).toBe(409)
    await runGeneration(req.body.id)
    const ready = await call(base, 'GET', `/api/document/fillings/${fillingId}/documents/${req.body.id}`, { token: person.token })
    expect(ready.body.status).toBe('ready')
    const row = await useDb().generatedDocument.findUniqueOrThrow({ where: { id: req.body.id } })
    const text = docxText(await readObject(row.s3Key!))
    expect(text).toContain('Петрова')
    expect(text).toContain('Абая')
    expect(row.size).toBeGreaterThan(1000)
    const generated = await useDb().$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n FROM event_outbox WHERE name = 'DocumentGenerated'`
    expect(generated[0]!.n).toBe(1)
    // The filling's first document asks the registry for a card, with the template's title.
    const cardAsked = await useDb().$queryRaw<{ payload: { fillingId: string; title: string } }[]>`SELECT payload FROM event_outbox WHERE name = 'CreateDocumentCard'`
    expect(cardAsked.map((e) => e.payload.fillingId)).toEqual([fillingId])
    expect(cardAsked[0]!.payload.title.length).toBeGreaterThan(0)

    const link = await call(base, 'GET', `/api/document/fillings/${fillingId}/documents/${req.body.id}/download`, { token: person.token })
    expect(link.status).toBe(200)
    const file = await fetch(link.body.url)
    expect(file.status).toBe(200)
    expect(Buffer.from(await file.arrayBuffer()).equals(await readObject(row.s3Key!))).toBe(true)
    expect((await call(base, 'GET', `/api/document/fillings/${fillingId}/documents/${req.body.id}/download`, { token: stranger.token })).status).toBe(404)
  })

  it('a conversion that times out (a converter with a 1 ms budget) marks the row failed and stores nothing; asking again is a new request', async () => {
    const tiny = new ConverterPool({ instances: 1, timeoutMs: 1 })
    setPdfConverter(tiny)
    try {
      const before = await useDb().generatedDocument.count({ where: { s3Key: { not: null } } })
      const req = await call(base, 'POST', `/api/document/fillings/${fillingId}/documents`, { token: person.token, body: { format: 'pdf' } })
      await runGeneration(req.body.id)
      const row = await useDb().generatedDocument.findUniqueOrThrow({ where: { id: req.body.id } })
      expect(row.status).toBe('failed')
      expect(row.errorCode).toBe('timeout')
      expect(row.s3Key).toBeNull()
      expect(await useDb().generatedDocument.count({ where: { s3Key: { not: null } } })).toBe(before)
      expect(await bucketKeys()).toHaveLength(before)
      const retry = await call(base, 'POST', `/api/document/fillings/${fillingId}/documents`, { token: person.token, body: { format: 'pdf' } })
      expect(retry.body.id).not.toBe(req.body.id)
      expect(retry.body.status).toBe('pending')
    } finally {
      setPdfConverter(null)
      await tiny.stop()
    }
  }, 30_000)

  it('PDF through the warm converter', async () => {
    const req = await call(base, 'POST', `/api/document/fillings/${fillingId}/documents`, { token: person.token, body: { format: 'pdf' } })
    await runGeneration(req.body.id)
    const row = await useDb().generatedDocument.findUniqueOrThrow({ where: { id: req.body.id } })
    expect(row.status, row.errorCode ?? '').toBe('ready')
    expect((await readObject(row.s3Key!)).subarray(0, 5).toString()).toBe('%PDF-')
  }, 30_000)

  it('a paid document is generated but not downloaded until billing says it is paid', async () => {
    const paid = await call(base, 'PATCH', `/api/document/templates/${templateId}`, { token: lawyer.token, body: { priceMinor: 150_000, currency: 'KZT' } })
    expect(paid.status).toBe(200)
    await call(base, 'POST', `/api/document/templates/${templateId}/publish`, { token: lawyer.token })
    const f = await call(base, 'POST', '/api/document/fillings', { token: person.token, body: { templateId } })
    await call(base, 'PATCH', `/api/document/fillings/${f.body.id}/answers`, { token: person.token, body: { answers: leaseAnswers } })
    expect((await call(base, 'POST', `/api/document/fillings/${f.body.id}/complete`, { token: person.token, body: {} })).status).toBe(200)
    const req = await call(base, 'POST', `/api/document/fillings/${f.body.id}/documents`, { token: person.token, body: { format: 'docx' } })
    await runGeneration(req.body.id)
    const link = await call(base, 'GET', `/api/document/fillings/${f.body.id}/documents/${req.body.id}/download`, { token: person.token })
    expect(link.status).toBe(403)
    expect(link.body.error.messageKey).toBe('errors.document.payment_required')
  })
})
