import type { TDomain } from '../shared/domains'
import { EVENTS } from '../server/events/catalog'
import { defineListeners } from '../server/events/listeners'
import { BATCH_JOB, type TEventBatchJobData, type TEventJobData } from '../server/events/queues'
import { startWorker } from '../server/workers/worker'

/**
 * The sidecar half of bench/events.ts, in its own process as in production. It reports
 * handled events and their publish-to-handled latency to the parent over IPC.
 */
process.env.LOG_LEVEL ??= 'warn'
const send = (m: unknown) => process.send?.(m)
let handled = 0
let lat: number[] = []
let latDb: number[] = []

// Every subscriber of the bench event gets a listener, so no queue piles up and the
// figures include the catalog's real fan-out. An event counts as handled, and its
// latency is taken, when its job completed in every subscribing queue: after the
// listener transaction committed, not when the handler was called inside it.
const subscribers = EVENTS.UserLoggedIn.subscribers as readonly TDomain[]
const listeners = subscribers.map((d) => defineListeners(d as 'notification', { UserLoggedIn: async () => {} }))
const seen = new Map<string, number>()
function completed(e: TEventJobData) {
  const n = (seen.get(e.id) ?? 0) + 1
  if (n < subscribers.length) return void seen.set(e.id, n)
  seen.delete(e.id)
  handled++
  const now = Date.now()
  lat.push(now - Date.parse((e.payload as { at: string }).at))
  latDb.push(now - Date.parse(e.publishedAt))
}

const worker = await startWorker({
  databaseUrl: process.env.BENCH_DB_URL,
  redisUrl: process.env.REDIS_URL,
  prefix: process.env.BENCH_PREFIX,
  concurrency: Number(process.env.BENCH_WORKER_CONCURRENCY ?? 32),
  listeners,
  jobs: false,
  heartbeat: false,
  consume: { maxParallel: Number(process.env.BENCH_MAX_PARALLEL ?? 4), maxBatch: 100 },
})
// Attached before any job can complete: the relay starts draining at once.
for (const w of worker.workers) {
  w.on('completed', (job) => {
    if (job.name === BATCH_JOB) for (const e of (job.data as TEventBatchJobData).events) completed(e)
    else completed(job.data as TEventJobData)
  })
}
await Promise.all(worker.workers.map((w) => w.waitUntilReady()))
const timer = setInterval(() => {
  const u = process.cpuUsage()
  send({ handled, lat, latDb, cpuMs: (u.user + u.system) / 1000 })
  lat = []
  latDb = []
}, 20)
send({ ready: true, fanout: subscribers.length })
// The parent is gone (crashed or aborted): do not linger.
process.on('disconnect', () => process.exit(1))

process.on('message', async (m) => {
  if (m === 'stop') {
    clearInterval(timer)
    await worker.stop()
    process.exit(0)
  }
})
