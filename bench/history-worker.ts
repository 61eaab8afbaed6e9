import { listeners } from '../server/domains/history'
import { defineListeners } from '../server/events/listeners'
import { startWorker } from '../server/workers/worker'

/**
 * The sidecar half of bench/history.ts, in its own process as in production: the
 * relay and the history domain's real listeners (nothing else subscribes, so the
 * relay routes every event to history alone). BENCH_NOOP=1: a history listener that
 * writes nothing, for the pipeline's own ceiling.
 */
process.env.LOG_LEVEL ??= 'warn'
const worker = await startWorker({
  databaseUrl: process.env.BENCH_DB_URL,
  redisUrl: process.env.REDIS_URL,
  prefix: process.env.BENCH_PREFIX,
  concurrency: Number(process.env.BENCH_WORKER_CONCURRENCY ?? 32),
  listeners: [process.env.BENCH_NOOP === '1' ? defineListeners('history', { UserLoggedIn: async () => {} }) : listeners],
  jobs: false,
  heartbeat: false,
  consume: { maxParallel: Number(process.env.BENCH_MAX_PARALLEL ?? 4), maxBatch: 100 },
})
await Promise.all(worker.workers.map((w) => w.waitUntilReady()))
process.send?.({ ready: true })
process.on('disconnect', () => process.exit(1))
process.on('message', async (m) => {
  if (m === 'stop') {
    await worker.stop()
    process.exit(0)
  }
})
