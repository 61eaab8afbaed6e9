import { afterAll, beforeAll, expect, it } from 'vitest'
import { startWorker, type TWorkerHandle } from '../../server/workers/worker'
import { createTestDatabase } from '../helpers/db'
import { freePort, RedisServer } from '../helpers/events'

process.env.LOG_LEVEL = 'silent'

let drop: () => Promise<void>
let worker: TWorkerHandle
let redis: RedisServer
let base: string

beforeAll(async () => {
  const t = await createTestDatabase('worker_health')
  drop = t.drop
  redis = new RedisServer(await freePort())
  await redis.start()
  const port = await freePort()
  worker = await startWorker({ databaseUrl: t.url, redisUrl: redis.url, prefix: 'health', listeners: [], jobs: false, healthPort: port })
  base = `http://127.0.0.1:${port}`
})

afterAll(async () => {
  await worker?.stop()
  await redis?.stop()
  await drop?.()
})

it('answers /ping 200 while PostgreSQL and Redis answer, 503 when Redis is gone', async () => {
  expect(worker.health?.port).toBeGreaterThan(0)
  // Each check has a 1.5 s budget; on a loaded machine the first probes right after
  // start may miss it, so what must hold is that the probe turns 200 while both are up.
  let up: { status: number; body: unknown } = { status: 0, body: null }
  await expect
    .poll(async () => {
      const r = await fetch(`${base}/ping`)
      up = { status: r.status, body: await r.json() }
      return up.status
    }, { timeout: 30_000, interval: 200 })
    .toBe(200)
  expect(up.body).toMatchObject({ status: 'ok', db: 'ok', redis: 'ok', pid: process.pid })
  expect((await fetch(`${base}/other`)).status).toBe(404)

  await redis.stop()
  const down = await fetch(`${base}/ping`)
  expect(down.status).toBe(503)
  expect(await down.json()).toMatchObject({ status: 'error', db: 'ok', redis: 'error' })
  // The liveness probe still says this process is alive: no restart loop during an outage.
  expect((await fetch(`${base}/ping?scope=self`)).status).toBe(200)

  await redis.start()
  await expect.poll(async () => (await fetch(`${base}/ping`)).status, { timeout: 30_000, interval: 200 }).toBe(200)
})

it('serves nothing when the port is 0', async () => {
  const w = await startWorker({ databaseUrl: 'postgresql://postgres@127.0.0.1:5432/postgres', redisUrl: redis.url, prefix: 'health0', listeners: [], jobs: false, relay: false, heartbeat: false, healthPort: 0 })
  expect(w.health).toBeNull()
  await w.stop()
})
