import { execFileSync } from 'node:child_process'
import path from 'node:path'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestDatabase, testRedisPrefix } from '../helpers/db'

const ROOT = path.resolve(import.meta.dirname, '../..')
let db: Awaited<ReturnType<typeof createTestDatabase>>

beforeAll(async () => {
  db = await createTestDatabase('seed')
})
afterAll(async () => {
  await db?.drop()
})

function seed(region = 'kz'): string {
  return execFileSync(process.execPath, ['--import', 'tsx', 'prisma/seed.ts'], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: db.url, REDIS_PREFIX: testRedisPrefix('seed'), REGION: region, LOG_LEVEL: 'error' },
    encoding: 'utf8',
  })
}

async function counts() {
  const c = new pg.Client({ connectionString: db.url })
  await c.connect()
  try {
    const q = async (sql: string) => Number((await c.query<{ n: string }>(sql)).rows[0]!.n)
    return {
      users: await q('SELECT count(*) AS n FROM users'),
      workspaces: await q(`SELECT count(*) AS n FROM workspaces WHERE kind = 'company'`),
      events: await q('SELECT count(*) AS n FROM event_outbox'),
      content: await q('SELECT count(*) AS n FROM content_items WHERE published_version IS NOT NULL'),
      versions: await q('SELECT count(*) AS n FROM content_versions'),
    }
  } finally {
    await c.end()
  }
}

describe('npm run db:seed', () => {
  it('loads the demo users and company, and a second run changes nothing', async () => {
    const first = seed()
    expect(first).toContain('demo users created 3')
    const after1 = await counts()
    // The demo catalog, published through the content domain: 4 sections, 6 folders, 14 descriptions, 3 articles.
    expect(after1).toMatchObject({ users: 3, workspaces: 1, content: 27, versions: 27 })
    expect(first).toContain('catalog items created and published 27')
    // WorkspaceCreated and the five demo templates' TemplatePublished, through the outbox like any other change.
    expect(after1.events).toBe(6)
    const second = seed()
    expect(second).toContain('already there 3')
    expect(await counts()).toEqual(after1)
  })

  it('the ru region gets the catalog in Russian only, priced in roubles', async () => {
    expect(seed('ru')).toContain('catalog items created and published 27')
    const c = new pg.Client({ connectionString: db.url })
    await c.connect()
    try {
      const { rows } = await c.query<{ kk: number; rub: number; kzt: number }>(
        `SELECT count(*) FILTER (WHERE published->'title' ? 'kk')::int AS kk,
                count(*) FILTER (WHERE published->'price'->>'currency' = 'RUB')::int AS rub,
                count(*) FILTER (WHERE published->'price'->>'currency' = 'KZT')::int AS kzt
           FROM content_items WHERE region = 'ru'`,
      )
      expect(rows[0]).toEqual({ kk: 0, rub: 5, kzt: 0 })
      // The ru region's own demo templates: Russian only, in roubles, linked from its descriptions.
      const t = await c.query<{ n: number; bilingual: number; rub: number; linked: number }>(
        `SELECT count(*)::int AS n, count(*) FILTER (WHERE bilingual)::int AS bilingual, count(*) FILTER (WHERE currency = 'RUB')::int AS rub,
                (SELECT count(*)::int FROM content_items i WHERE i.region = 'ru' AND i.published->>'templateId' IN (SELECT id::text FROM templates WHERE region = 'ru')) AS linked
           FROM templates WHERE region = 'ru' AND status = 'published'`,
      )
      expect(t.rows[0]).toEqual({ n: 5, bilingual: 0, rub: 5, linked: 5 })
    } finally {
      await c.end()
    }
  })
})
