import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { resetConfigForTests } from '../../server/lib/config'
import { closeDb, useDb } from '../../server/lib/db'
import { closeRedis } from '../../server/lib/redis'
import type { TTemplateBody } from '../../shared/template-body'
import { activeUser, call, uniqueIp } from '../helpers/auth'
import { createTestDatabase, testRedisPrefix } from '../helpers/db'
import { listenApiApp, type TRunningApp } from '../helpers/h3-app'
import { leaseAnswers, leaseBody, leaseQuestionnaire } from '../helpers/lease-template'

// The parsed-version cache of autosave and preview (server/domains/document/filling-access.ts):
// a version is cached by id once a filling used it; a new publish is a new version, which new
// fillings get, while a filling started before keeps previewing, saving and validating by its own.
let app: TRunningApp
let base: string
let dropDb: () => Promise<void>
let lawyer: string
let person: string

beforeAll(async () => {
  const db = await createTestDatabase('docvcache')
  dropDb = db.drop
  Object.assign(process.env, { DATABASE_URL: db.url, REDIS_PREFIX: testRedisPrefix('docvcache'), REGION: 'kz', TRUST_PROXY: '1', REGISTER_IP_LIMIT: '1000', NODE_ENV: 'test', LOG_LEVEL: 'error' })
  resetConfigForTests()
  app = await listenApiApp(['auth', 'document'])
  base = app.url
  const l = await activeUser(base)
  await useDb().user.update({ where: { id: l.userId }, data: { roles: ['user', 'lawyer'] } })
  lawyer = (await call(base, 'POST', '/api/auth/login', { body: { email: l.email, password: l.password }, ip: uniqueIp() })).body.accessToken
  person = (await activeUser(base)).accessToken
}, 90_000)

afterAll(async () => {
  await app?.close()
  await closeRedis()
  await closeDb()
  await dropDb?.()
})

/** The lease with one more paragraph at the top (a text only that version has) and `termDays` capped at `maxDays`. */
function edition(marker: string, maxDays: number) {
  const body: TTemplateBody = { ...leaseBody, content: [{ type: 'paragraph', content: [{ type: 'text', text: marker }] }, ...leaseBody.content] }
  const questionnaire = {
    ...leaseQuestionnaire,
    pages: leaseQuestionnaire.pages.map((p) => ({ ...p, questions: p.questions.map((q) => (q.key === 'termDays' ? { ...q, max: maxDays } : q)) })),
  }
  return { body, questionnaire }
}

describe('parsed template versions', () => {
  it('a new publish reaches new fillings; a filling started before keeps its version in save, preview and validation', async () => {
    const created = await call(base, 'POST', '/api/document/templates', {
      token: lawyer,
      body: { title: { ru: 'Договор аренды', kk: 'Жалға алу шарты' }, bilingual: true, ...edition('Редакция первая', 3650) },
    })
    expect(created.status, JSON.stringify(created.body)).toBe(201)
    const templateId = created.body.id as string
    expect((await call(base, 'POST', `/api/document/templates/${templateId}/publish`, { token: lawyer })).status).toBe(201)

    // The old filling is saved and previewed: its version is in the cache from here on.
    const old = (await call(base, 'POST', '/api/document/fillings', { token: person, body: { templateId } })).body
    expect(old.versionNumber).toBe(1)
    const saved = await call(base, 'PATCH', `/api/document/fillings/${old.id}/answers`, { token: person, body: { answers: { ...leaseAnswers, termDays: 1000 } } })
    expect(saved.status, JSON.stringify(saved.body)).toBe(200)
    const oldPreview = await call(base, 'GET', `/api/document/fillings/${old.id}/preview`, { token: person })
    expect(oldPreview.body.html).toContain('Редакция первая')

    // Version 2: another text and a stricter term.
    expect((await call(base, 'PATCH', `/api/document/templates/${templateId}`, { token: lawyer, body: edition('Редакция вторая', 365) })).status).toBe(200)
    const v2 = await call(base, 'POST', `/api/document/templates/${templateId}/publish`, { token: lawyer })
    expect(v2.body.number).toBe(2)

    const fresh = (await call(base, 'POST', '/api/document/fillings', { token: person, body: { templateId } })).body
    expect(fresh.versionNumber).toBe(2)
    expect(fresh.versionId).not.toBe(old.versionId)
    const freshPreview = await call(base, 'GET', `/api/document/fillings/${fresh.id}/preview`, { token: person })
    expect(freshPreview.body.html).toContain('Редакция вторая')
    expect(freshPreview.body.html).not.toContain('Редакция первая')
    // Version 2's rule applies to the new filling...
    const refused = await call(base, 'PATCH', `/api/document/fillings/${fresh.id}/answers`, { token: person, body: { answers: { termDays: 1000 } } })
    expect(refused.status).toBe(400)
    expect(refused.body.error.fields.map((f: { path: string }) => f.path)).toContain('body.answers.termDays')

    // ...and version 1's, still, to the old one: its text, its limit, its version id.
    const again = await call(base, 'PATCH', `/api/document/fillings/${old.id}/answers`, { token: person, body: { answers: { termDays: 2000 } } })
    expect(again.status, JSON.stringify(again.body)).toBe(200)
    expect(again.body.versionId).toBe(old.versionId)
    expect(again.body.versionNumber).toBe(1)
    expect(again.body.answers.termDays).toBe(2000)
    const oldAgain = await call(base, 'GET', `/api/document/fillings/${old.id}/preview`, { token: person })
    expect(oldAgain.body.html).toContain('Редакция первая')
    expect(oldAgain.body.html).not.toContain('Редакция вторая')
    const completed = await call(base, 'POST', `/api/document/fillings/${old.id}/complete`, { token: person, body: {} })
    expect(completed.status, JSON.stringify(completed.body)).toBe(200)
    expect(completed.body).toMatchObject({ status: 'complete', versionId: old.versionId, versionNumber: 1 })
  })

  it('concurrent autosaves of one filling all land: a save that lost the compare-and-set merges again under the lock', async () => {
    const created = await call(base, 'POST', '/api/document/templates', {
      token: lawyer,
      body: { title: { ru: 'Договор аренды', kk: 'Жалға алу шарты' }, bilingual: true, body: leaseBody, questionnaire: leaseQuestionnaire },
    })
    const templateId = created.body.id as string
    expect((await call(base, 'POST', `/api/document/templates/${templateId}/publish`, { token: lawyer })).status).toBe(201)
    const f = (await call(base, 'POST', '/api/document/fillings', { token: person, body: { templateId } })).body
    // Six saves read the same state at once; only one can win the compare-and-set at a time.
    const saves = [
      { city: 'Астана' },
      { startDate: '2026-12-01' },
      { termDays: 45 },
      { premisesAddress: leaseAnswers.premisesAddress },
      { rent: leaseAnswers.rent },
      { landlord: leaseAnswers.landlord },
    ]
    const results = await Promise.all(saves.map((answers) => call(base, 'PATCH', `/api/document/fillings/${f.id}/answers`, { token: person, body: { answers } })))
    expect(results.map((r) => r.status)).toEqual(saves.map(() => 200))
    const after = (await call(base, 'GET', `/api/document/fillings/${f.id}`, { token: person })).body.answers
    expect(after).toMatchObject(Object.assign({}, ...saves))
  })
})
