import { randomUUID } from 'node:crypto'
import type { Job } from 'bullmq'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { audit, verifyChain, writeCheckpoint, type TChainReport } from '../../server/domains/history'
import { createEventProcessor } from '../../server/events/consume'
import { resetConfigForTests, useConfig } from '../../server/lib/config'
import { PrismaClient } from '../../server/lib/db'
import { PrismaPg } from '@prisma/adapter-pg'
import { enqueueJob } from '../../server/workers/jobs'
import { LISTENER_MODULES } from '../../server/workers/listeners'
import { startWorker, type TWorkerHandle } from '../../server/workers/worker'
import { cpSync, mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { GENESIS_HASH, rowHash } from '../../server/domains/history'
import { dropDatabase, ensureDatabase, migrate, MIGRATIONS_DIR } from '../../scripts/lib/migrate'
import { createTestDatabase, testRedisPrefix } from '../helpers/db'
import { waitFor } from '../helpers/events'

/**
 * The audit log's chains per scope under concurrent appends, and the signed
 * checkpoints that make removing the newest entries detectable. One database for the
 * file; the tampering tests each work in scopes of their own and look only at those.
 */
let drop: () => Promise<void>
let db: PrismaClient
let worker: TWorkerHandle | undefined
const SECRET = 'test-checkpoint-secret-0123456789abcdef'

beforeAll(async () => {
  let url: string
  ;({ url, drop } = await createTestDatabase('history_chain'))
  db = new PrismaClient({ adapter: new PrismaPg({ connectionString: url, max: 12 }) })
  worker = await startWorker({ databaseUrl: url, prefix: testRedisPrefix('history_chain'), listeners: [], relay: false, heartbeat: false })
})

afterAll(async () => {
  await worker?.stop()
  await db?.$disconnect()
  await drop?.()
})

const login = (userId: string, n: number) => ({ action: 'user.login' as const, actorUserId: userId, entityId: userId, diff: { n } })
const problemsOf = (r: TChainReport, scope: string) => r.problems.filter((p) => p.scope === scope)
const verify = () => verifyChain(db, { secret: SECRET })
// Generous waits: on a loaded machine dozens of transactions queue for the pool's connections.
const TX = { maxWait: 60_000, timeout: 60_000 }
const append = (e: Parameters<typeof audit>[1]) => db.$transaction((tx) => audit(tx, e), TX)

/** Runs SQL with the append-only triggers off, as a superuser could. */
async function behindTheAppsBack(sql: string) {
  await db.$transaction(async (tx) => {
    await tx.$executeRawUnsafe(`SET LOCAL session_replication_role = replica`)
    await tx.$executeRawUnsafe(sql)
  })
}

describe('appends', () => {
  it('parallel appends to one scope, to many scopes and through the listener never fork a chain', async () => {
    const one = randomUUID()
    const many = Array.from({ length: 10 }, () => randomUUID())
    const [a, b] = [randomUUID(), randomUUID()].sort()
    await Promise.all([
      ...Array.from({ length: 40 }, (_, i) => append(login(one, i))),
      ...many.flatMap((u) => Array.from({ length: 6 }, (_, i) => append(login(u, i)))),
      // Several entries per transaction, two scopes each (always in the same order: see the README on lock order).
      ...Array.from({ length: 6 }, (_, t) =>
        db.$transaction(async (tx) => {
          for (let i = 0; i < 4; i++) {
            await audit(tx, login(a!, t * 10 + i))
            await audit(tx, login(b!, t * 10 + i))
          }
        }, TX),
      ),
    ])

    // The real listener path: UserLoggedIn events applied in batches (many per transaction).
    const process = createEventProcessor('history', LISTENER_MODULES, db, { maxBatch: 50, maxParallel: 4 })
    const users: string[] = Array.from({ length: 20 }, () => randomUUID())
    const results = await Promise.all(
      Array.from({ length: 400 }, (_, i) => {
        const data = {
          id: randomUUID(),
          name: 'UserLoggedIn',
          version: 1,
          publisher: 'auth',
          publishedAt: new Date().toISOString(),
          payload: { userId: users[i % users.length], ip: '10.0.0.1', userAgent: 'vitest', at: new Date().toISOString() },
        }
        return process({ data, attemptsMade: 0, name: 'UserLoggedIn' } as unknown as Job)
      }),
    )
    expect(results.every((r) => r.status === 'handled')).toBe(true)

    const report = await verify()
    expect(report).toMatchObject({ ok: true, problems: [] })
    expect(report.checked).toBe(await db.auditLog.count())
    expect(report.scopes).toBe(1 + many.length + 2 + users.length)
    // Every chain is 1..n without a gap or a duplicate, and its head row agrees.
    const chains = await db.$queryRaw<Array<{ scope: string; n: bigint; max: bigint; head: bigint }>>`
      SELECT l.scope, count(*) AS n, max(l.seq) AS max, h.seq AS head FROM audit_log l JOIN audit_heads h USING (scope) GROUP BY l.scope, h.seq`
    for (const c of chains) expect([c.scope, Number(c.max), Number(c.head)]).toEqual([c.scope, Number(c.n), Number(c.n)])
    expect(chains.find((c) => c.scope === `user:${one}`)?.n).toBe(BigInt(40))
    expect(chains.find((c) => c.scope === `user:${a}`)?.n).toBe(BigInt(24))
    expect(chains.filter((c) => users.includes(c.scope.slice(5))).reduce((s, c) => s + Number(c.n), 0)).toBe(400)
  })
})

describe('checkpoints', () => {
  it('are signed, written by the worker job, emitted to the log, and only for heads that moved', async () => {
    const u = randomUUID()
    await append(login(u, 1))
    const lines: string[] = []
    process.env.LOG_LEVEL = 'info'
    resetConfigForTests()
    const write = process.stdout.write.bind(process.stdout)
    const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array, ...rest: unknown[]) => {
      if (String(chunk).includes('audit checkpoint')) return lines.push(String(chunk)) > 0
      return write(chunk, ...(rest as []))
    })
    let jobResult: unknown
    try {
      // The scheduled job, as the worker runs it (signed with the configured secret).
      const jobId = await enqueueJob('history.checkpoint', {}, { queues: worker!.queues })
      const q = worker!.queues.get('jobs')
      await waitFor(async () => (await (await q.getJob(jobId))?.getState()) === 'completed', 'checkpoint job done')
      jobResult = (await q.getJob(jobId))!.returnvalue
    } finally {
      spy.mockRestore()
      process.env.LOG_LEVEL = 'silent'
      resetConfigForTests()
    }
    const stored = await db.auditCheckpoint.findFirstOrThrow({ orderBy: { id: 'desc' } })
    expect(jobResult).toMatchObject({ id: String(stored.id), mac: stored.mac })
    expect(lines).toHaveLength(1)
    expect(JSON.parse(lines[0]!)).toMatchObject({ scope: 'history', msg: 'audit checkpoint', id: String(stored.id), mac: stored.mac })
    expect((stored.heads as string[][]).map((h) => h[0])).toContain(`user:${u}`)
    expect(await verifyChain(db, { secret: useConfig().HISTORY_CHECKPOINT_SECRET })).toMatchObject({ ok: true, checkpoints: 1 })

    // Nothing moved: nothing to sign. One head moved: only it is signed (with the test key from here on).
    expect(await writeCheckpoint(db, useConfig().HISTORY_CHECKPOINT_SECRET)).toBeNull()
    await append(login(u, 2))
    const next = await writeCheckpoint(db, useConfig().HISTORY_CHECKPOINT_SECRET)
    expect(next).toMatchObject({ scopes: 1 })
    const row = await db.auditCheckpoint.findFirstOrThrow({ where: { id: BigInt(next!.id) } })
    expect(row.heads).toEqual([[`user:${u}`, '2', expect.stringMatching(/^[0-9a-f]{64}$/)]])
    expect(row.prevMac).toBe(stored.mac)
    await expect(db.$executeRawUnsafe(`DELETE FROM audit_checkpoints WHERE id = ${row.id}`)).rejects.toThrow(/append-only/)
  })
})

describe('tamper evidence', () => {
  // From here on the file's checkpoints are signed with SECRET; the two above with the
  // configured key. Re-sign everything under SECRET by checking with it from a clean slate.
  beforeAll(async () => {
    await behindTheAppsBack(`DELETE FROM audit_checkpoints`)
    expect(await writeCheckpoint(db, SECRET)).not.toBeNull()
  })

  it('removing the newest entries that a checkpoint covered fails verify, naming the scope', async () => {
    const covered = randomUUID()
    const after = randomUUID()
    for (let i = 1; i <= 5; i++) await append(login(covered, i))
    await append(login(after, 1))
    expect(await writeCheckpoint(db, SECRET)).toMatchObject({ scopes: 2 })
    expect(await verify()).toMatchObject({ ok: true })

    // A careful attacker removes the two newest rows and rewinds the stored head to match.
    await behindTheAppsBack(`DELETE FROM audit_log WHERE scope = 'user:${covered}' AND seq > 3`)
    await behindTheAppsBack(`UPDATE audit_heads SET seq = 3, hash = (SELECT hash FROM audit_log WHERE scope = 'user:${covered}' AND seq = 3) WHERE scope = 'user:${covered}'`)
    const report = await verify()
    expect(report.ok).toBe(false)
    expect(problemsOf(report, `user:${covered}`)).toEqual([{ scope: `user:${covered}`, reason: 'checkpoint_mismatch', seq: '5' }])

    // What the checkpoint cannot see: entries appended after it. Removed alone, the stale head gives them away ...
    await append(login(after, 2))
    await append(login(after, 3))
    await behindTheAppsBack(`DELETE FROM audit_log WHERE scope = 'user:${after}' AND seq = 3`)
    expect(problemsOf(await verify(), `user:${after}`)).toEqual([{ scope: `user:${after}`, reason: 'head_mismatch', seq: '2' }])
    // ... but with the head rewound too they go unnoticed (the documented limit).
    await behindTheAppsBack(`UPDATE audit_heads SET seq = 2, hash = (SELECT hash FROM audit_log WHERE scope = 'user:${after}' AND seq = 2) WHERE scope = 'user:${after}'`)
    expect(problemsOf(await verify(), `user:${after}`)).toEqual([])
  })

  it('an entry changed or removed in the middle fails verify, naming the scope and the entry', async () => {
    const edited = randomUUID()
    const removed = randomUUID()
    for (let i = 1; i <= 6; i++) await append(login(edited, i))
    for (let i = 1; i <= 6; i++) await append(login(removed, i))
    const victim = await db.auditLog.findFirstOrThrow({ where: { scope: `user:${edited}`, seq: 3 } })
    const gone = await db.auditLog.findFirstOrThrow({ where: { scope: `user:${removed}`, seq: 3 } })
    const nextOfGone = await db.auditLog.findFirstOrThrow({ where: { scope: `user:${removed}`, seq: 4 } })
    await behindTheAppsBack(`UPDATE audit_log SET diff = '{"n": 99}'::jsonb WHERE id = ${victim.id}`)
    await behindTheAppsBack(`DELETE FROM audit_log WHERE id = ${gone.id}`)
    const report = await verify()
    expect(problemsOf(report, `user:${edited}`)).toEqual([{ scope: `user:${edited}`, reason: 'hash_mismatch', id: String(victim.id), seq: '3' }])
    expect(problemsOf(report, `user:${removed}`)).toEqual([
      { scope: `user:${removed}`, reason: 'seq_gap', id: String(nextOfGone.id), seq: '4' },
    ])
  })

  it('a checkpoint forged with another key fails verify, and covers nothing', async () => {
    const u = randomUUID()
    for (let i = 1; i <= 3; i++) await append(login(u, i))
    const forged = await writeCheckpoint(db, 'not-the-real-key-0123456789abcdefghij')
    expect(forged).not.toBeNull()
    const report = await verify()
    expect(problemsOf(report, 'checkpoints')).toEqual([{ scope: 'checkpoints', reason: 'checkpoint_invalid', id: forged!.id }])
    // A real checkpoint after it still verifies (its MAC covers the forged one's as it stands).
    await append(login(u, 4))
    await writeCheckpoint(db, SECRET)
    expect(problemsOf(await verify(), 'checkpoints')).toHaveLength(1)
  })
})

describe('migration', () => {
  it('rows of the old single chain become the legacy scope and still verify', async () => {
    // The migrations as they were before scopes, then rows written the old way (hash over id, no scope or seq).
    const before = mkdtempSync(path.join(tmpdir(), 'd24-mig-'))
    for (const m of readdirSync(MIGRATIONS_DIR).filter((d) => d < '20261202000525')) cpSync(path.join(MIGRATIONS_DIR, m), path.join(before, m), { recursive: true })
    const url = `${process.env.TEST_DATABASE_BASE ?? 'postgresql://postgres@127.0.0.1:5432'}/d24_history_legacy_${randomUUID().slice(0, 8)}`
    await ensureDatabase(url)
    const old = new PrismaClient({ adapter: new PrismaPg({ connectionString: url, max: 2 }) })
    try {
      await migrate(url, { dir: before })
      let prev = GENESIS_HASH
      for (let i = 1; i <= 3; i++) {
        const u = randomUUID()
        const row = { id: BigInt(i), scope: 'legacy', seq: 0, at: new Date(), actorUserId: u, workspaceId: null, action: 'user.login', entityType: 'user', entityId: u, ip: null, userAgent: null, diff: { n: i }, eventId: null }
        const hash = rowHash(prev, row)
        await old.$executeRaw`INSERT INTO audit_log (id, at, actor_user_id, action, entity_type, entity_id, diff, prev_hash, hash)
          VALUES (${row.id}, ${row.at}, ${u}::uuid, 'user.login', 'user', ${u}, ${JSON.stringify(row.diff)}::jsonb, ${prev}, ${hash})`
        prev = hash
      }
      await old.$executeRawUnsafe(`SELECT setval('audit_log_id_seq', 3)`)
      await migrate(url)
      expect(await verifyChain(old, { secret: SECRET })).toMatchObject({ ok: true, checked: 3, scopes: 1 })
      await old.$transaction((tx) => audit(tx, login(randomUUID(), 1)), TX)
      expect(await verifyChain(old, { secret: SECRET })).toMatchObject({ ok: true, checked: 4, scopes: 2 })
    } finally {
      await old.$disconnect()
      await dropDatabase(url)
      rmSync(before, { recursive: true, force: true })
    }
  })
})
