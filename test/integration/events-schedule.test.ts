import { afterAll, beforeAll, expect, it, vi } from 'vitest'
import { resetConfigForTests } from '../../server/lib/config'
import { createRedis } from '../../server/lib/redis'
import { redisDurabilityProblems } from '../../server/workers/redis-durability'
import { startWorker, type TWorkerHandle } from '../../server/workers/worker'
import { createTestDatabase } from '../helpers/db'
import { freePort, RedisServer, waitFor } from '../helpers/events'

let drop: () => Promise<void>
let url: string
let redis: RedisServer
let worker: TWorkerHandle | undefined
const warnings: string[] = []

beforeAll(async () => {
  ;({ url, drop } = await createTestDatabase('events_schedule'))
  redis = new RedisServer(await freePort())
  await redis.start()
  // The worker's start-up warnings are part of what is tested: read them off stderr.
  process.env.LOG_LEVEL = 'warn'
  resetConfigForTests()
  const write = process.stderr.write.bind(process.stderr)
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array, ...rest: unknown[]) => {
    const line = String(chunk)
    if (line.includes('"level":"warn"')) {
      warnings.push(line)
      return true
    }
    return write(chunk, ...(rest as []))
  })
})

afterAll(async () => {
  vi.restoreAllMocks()
  await worker?.stop()
  await redis?.stop()
  await drop?.()
  process.env.LOG_LEVEL = 'silent'
  resetConfigForTests()
})

it('warns at start that a Redis without an append-only file loses queued jobs on restart', async () => {
  worker = await startWorker({ databaseUrl: url, redisUrl: redis.url, prefix: 'schedule', listeners: [], jobs: false, heartbeat: false, schedule: true })
  const line = await waitFor(() => warnings.find((w) => w.includes('appendonly')), 'the persistence warning')
  expect(JSON.parse(line)).toMatchObject({ level: 'warn', scope: 'worker' })
  expect(warnings.some((w) => w.includes('maxmemory-policy'))).toBe(false)
})

it('names each unsafe setting, and none on an append-only, noeviction Redis', async () => {
  const conn = createRedis(redis.url)
  try {
    await conn.config('SET', 'maxmemory-policy', 'allkeys-lru')
    const bad = await redisDurabilityProblems(conn)
    expect(bad).toHaveLength(2)
    expect(bad.join('\n')).toMatch(/maxmemory-policy is allkeys-lru/)
    await conn.config('SET', 'maxmemory-policy', 'noeviction')
    await conn.config('SET', 'appendonly', 'yes')
    expect(await redisDurabilityProblems(conn)).toEqual([])
  } finally {
    await conn.quit()
  }
})

it('re-creates the outbox pruning and audit checkpoint schedules when Redis comes back empty', async () => {
  const jobs = worker!.queues.get('jobs')
  expect(await waitFor(() => jobs.getJobScheduler('events.pruneOutbox'), 'the schedule at start')).toMatchObject({ every: 86_400_000 })
  expect(await waitFor(() => jobs.getJobScheduler('history.checkpoint'), 'the checkpoint schedule at start')).toMatchObject({ every: 300_000 })

  await redis.stop() // SIGKILL: its job schedulers die with it
  await redis.start() // empty: --save "" --appendonly no
  await waitFor(() => jobs.getJobScheduler('events.pruneOutbox'), 'the schedule after the restart', 15_000)
  await waitFor(() => jobs.getJobScheduler('history.checkpoint'), 'the checkpoint schedule after the restart', 15_000)
})
