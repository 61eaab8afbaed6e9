import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { activeUser, call, setupAuthTest, useDb, type TAuthTestEnv } from '../helpers/auth'
import { eventually } from '../helpers/eventually'

// Terminating the web process's PostgreSQL connections under load (failover, restart,
// pg_terminate_backend) once answered 500 to reads: a read must be retried once on a
// new connection, a write must not be repeated blindly (503, try again).
let t: TAuthTestEnv
let base: string
let admin: pg.Client
let dbName: string

beforeAll(async () => {
  t = await setupAuthTest('db_hiccup')
  base = t.app.url
  dbName = new URL(t.env.DATABASE_URL).pathname.slice(1)
  // The admin connection lives in another database, so it is never among the victims.
  admin = new pg.Client({ connectionString: t.env.DATABASE_URL.replace(/\/[^/]+$/, '/postgres') })
  await admin.connect()
})
afterAll(async () => {
  await admin?.end()
  await t?.teardown()
})

/** Kills every connection to the test database; how many it killed. */
async function terminateAll(): Promise<number> {
  const { rows } = await admin.query<{ n: string }>(
    `SELECT count(*) FILTER (WHERE pg_terminate_backend(pid)) AS n FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()`,
    [dbName],
  )
  return Number(rows[0]!.n)
}

describe('database connections dropped under load', () => {
  it('authenticated reads (raw pg session lookup and Prisma reads) all succeed', async () => {
    const users = await Promise.all([1, 2, 3, 4].map(() => activeUser(base)))
    const failures: string[] = []
    let ok = 0
    let stop = false
    const loop = async (i: number) => {
      const u = users[i % users.length]!
      for (let n = 0; !stop && n < 5000; n++) {
        // /user reads through the raw pg pool only; /sessions adds a Prisma findMany.
        const path = n % 2 ? '/api/auth/sessions' : '/api/auth/user'
        const r = await call(base, 'GET', path, { token: u.accessToken })
        if (r.status === 200) ok++
        else failures.push(`${path} ${r.status} ${JSON.stringify(r.body)}`)
      }
    }
    const loops = Array.from({ length: 12 }, (_, i) => loop(i))
    let killed = 0
    let rounds = 0
    const okBefore = () => ok
    for (let round = 0; round < 6; round++) {
      // Each round kills connections that are busy: wait for traffic first.
      const target = okBefore() + 40
      await eventually(() => expect(ok).toBeGreaterThanOrEqual(target))
      killed += await terminateAll()
      rounds++
    }
    const after = ok + 40
    await eventually(() => expect(ok).toBeGreaterThanOrEqual(after))
    stop = true
    await Promise.all(loops)
    // The test must have hurt: otherwise it proves nothing.
    expect(rounds).toBe(6)
    expect(killed).toBeGreaterThanOrEqual(6)
    expect(failures).toEqual([])
  }, 120_000)

  it('a write whose connection dies is not repeated: 503 with a clear message, nothing written', async () => {
    const u = await activeUser(base)
    const holder = new pg.Client({ connectionString: t.env.DATABASE_URL })
    await holder.connect()
    try {
      // Hold the user's row so the profile update blocks on it, then kill the blocked backend.
      await holder.query('BEGIN')
      await holder.query('SELECT id FROM users WHERE id = $1 FOR UPDATE', [u.userId])
      const holderPid = (await holder.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]!.pid
      const pending = call(base, 'PATCH', '/api/auth/user', { token: u.accessToken, body: { name: 'Changed Name' } })
      const victim = await eventually(async () => {
        const { rows } = await admin.query<{ pid: number }>(
          `SELECT pid FROM pg_stat_activity WHERE datname = $1 AND wait_event_type = 'Lock' AND pid <> $2`,
          [dbName, holderPid],
        )
        expect(rows).toHaveLength(1)
        return rows[0]!.pid
      })
      await admin.query('SELECT pg_terminate_backend($1)', [victim])
      // A retried write would block on the row again and never answer while the lock is held.
      const r = await pending
      expect(r.status).toBe(503)
      expect(r.body.error.code).toBe('UNAVAILABLE')
      expect(r.body.error.messageKey).toBe('errors.unavailable')
      expect(r.body.error.message).toMatch(/database connection was interrupted/i)
      expect(JSON.stringify(r.body)).not.toMatch(/at .*\.(ts|js|mjs):\d+/)
      expect(r.headers.get('retry-after')).toBe('1')
      await holder.query('ROLLBACK')
      const row = await useDb().user.findUniqueOrThrow({ where: { id: u.userId } })
      expect(row.name).not.toBe('Changed Name')
    } finally {
      await holder.end()
    }
  }, 60_000)
})
