import { PrismaPg } from '@prisma/adapter-pg'
import { UnrecoverableError, Worker, type DefaultJobOptions, type Job } from 'bullmq'
import type { Redis } from 'ioredis'
import { createEventProcessor, type TConsumeOptions, type TRequeueJob } from '../events/consume'
import type { TListenerModule } from '../events/listeners'
import { JOBS_QUEUE, QueueSet, WAITS_QUEUE } from '../events/queues'
import { registerEventMetrics } from '../events/metrics'
import { startRelay, type TRelay, type TRelayOptions } from '../events/relay'
import { routesFrom, type TRoutes } from '../events/routing'
import { useConfig } from '../lib/config'
import { PrismaClient } from '../lib/db'
import { useLogger } from '../lib/log'
import { createReadRetryPool } from '../lib/pg'
import { counter, histogram, LATENCY_BUCKETS } from '../lib/metrics'
import { createRedis } from '../lib/redis'
import { reportError } from '../lib/sentry'
import { startHealthServer, type THealthServer } from './health'
import { startConverterServer, type TConverterServer } from './converter-server'
import { findSoffice, INSTALL_HINT, stopConverter, useConverter } from '../lib/office'
import { startHeartbeat } from '../lib/worker-heartbeat'
import { redisDurabilityProblems } from './redis-durability'
import { keepSchedules } from './schedule'

export interface TStartWorkerOptions {
  databaseUrl?: string
  redisUrl?: string
  prefix?: string
  /** Jobs processed at once per queue. */
  concurrency?: number
  /** Listener modules; defaults to server/workers/listeners.ts. */
  listeners?: readonly TListenerModule[]
  relay?: boolean | Omit<TRelayOptions, 'databaseUrl' | 'queues' | 'routes'>
  jobs?: boolean
  heartbeat?: boolean
  /** Daily outbox pruning through the job scheduler, re-asserted on every reconnect and every `everyMs`. */
  schedule?: boolean | { everyMs?: number }
  /** BullMQ lock and stalled-job check (see STALL_OPTIONS). */
  stall?: Partial<typeof STALL_OPTIONS>
  /** Options of jobs the relay adds (tests shorten the backoff). */
  defaultJobOptions?: DefaultJobOptions
  /** PostgreSQL connections of this worker's pool. */
  dbPoolSize?: number
  /** Listener batching (see consume.ts). */
  consume?: TConsumeOptions
  /** Port of GET /ping (health.ts); defaults to WORKER_HEALTH_PORT, 0 = no server. */
  healthPort?: number
  /** Port of the internal conversion route (converter-server.ts); defaults to CONVERTER_PORT, 0 = none. */
  converterPort?: number
}

export interface TWorkerHandle {
  queues: QueueSet
  relay: TRelay | null
  /** Where the relay sends each event: the domains with a handler for it. */
  routes: TRoutes
  workers: Worker[]
  db: PrismaClient
  /** The /ping server, when a health port is configured. */
  health: THealthServer | null
  /** The conversion route, when a converter port is configured and LibreOffice is installed. */
  converter: TConverterServer | null
  stop(): Promise<void>
}

const log = useLogger('worker')

/**
 * A worker that dies mid-job (SIGKILL, OOM, node lost) leaves its jobs active. Another
 * worker's stalled check moves a job back to waiting once its lock has expired and it
 * was seen locked-less: BullMQ's defaults (30 s lock, 30 s check) took 71–86 s. Here a
 * job runs again within lockDuration + stalledInterval ≈ 9 s. The lock is renewed every
 * lockDuration / 2, so only an event loop blocked for 3 s could lose a live lock; a
 * second stall is then tolerated (maxStalledCount 2) before the job is failed.
 */
export const STALL_OPTIONS = { lockDuration: 6000, stalledInterval: 3000, maxStalledCount: 2 }

/**
 * The sidecar in one call: relay, one BullMQ worker per domain with listeners, one for
 * the jobs catalog, and a heartbeat. Tests and the benchmark run it in-process;
 * main.ts runs it as a process. stop() lets in-flight jobs finish before closing.
 */
export async function startWorker(opts: TStartWorkerOptions = {}): Promise<TWorkerHandle> {
  const cfg = useConfig()
  const databaseUrl = opts.databaseUrl ?? cfg.DATABASE_URL
  const redisUrl = opts.redisUrl ?? cfg.REDIS_URL
  const prefix = opts.prefix ?? cfg.REDIS_PREFIX
  const concurrency = opts.concurrency ?? cfg.WORKER_CONCURRENCY
  const modules = opts.listeners ?? (await import('./listeners')).LISTENER_MODULES

  const db = new PrismaClient({
    // Reads outside a transaction survive a dropped database connection (lib/pg.ts).
    adapter: new PrismaPg(createReadRetryPool({ connectionString: databaseUrl, max: opts.dbPoolSize ?? Math.min(32, concurrency + 4) }), {
      disposeExternalPool: true,
    }),
  })
  // Adds fail fast while Redis is down (no offline queue), so the relay rolls back and retries.
  const queueConn = createRedis(redisUrl, { enableOfflineQueue: false })
  queueConn.on('error', () => {})
  const queues = new QueueSet({ connection: queueConn, prefix, defaultJobOptions: opts.defaultJobOptions })
  const connections: Redis[] = [queueConn]

  const jobsTotal = counter('d24_jobs_total', 'Jobs finished by this worker, per queue and outcome (failed counts every failed attempt)', ['queue', 'status'])
  const jobDuration = histogram('d24_job_duration_seconds', 'Time a job ran, per queue', ['queue'], LATENCY_BUCKETS)
  const observe = (queue: string, status: 'completed' | 'failed', job: Job | undefined) => {
    jobsTotal.inc({ queue, status })
    // A failed attempt that will be retried has no finishedOn: it ended now.
    if (job?.processedOn) jobDuration.observe({ queue }, ((job.finishedOn || Date.now()) - job.processedOn) / 1000)
  }
  registerEventMetrics({ db: () => db, queues: () => queues })

  const workers: Worker[] = []
  // Jobs of the waits queue wait for minutes: stopping asks them to give their place up first.
  const stopSignal = new AbortController()
  const spawn = (name: string, processor: (job: Job, token?: string) => Promise<unknown>, queueConcurrency = concurrency) => {
    const connection = createRedis(redisUrl)
    connection.on('error', () => {})
    connections.push(connection)
    const w = new Worker(name, processor, { connection, prefix, concurrency: queueConcurrency, ...STALL_OPTIONS, ...opts.stall })
    w.on('error', (e) => log.debug('worker error', { queue: name, err: e.message }))
    w.on('completed', (job) => observe(name, 'completed', job))
    w.on('failed', (job, e) => {
      observe(name, 'failed', job)
      // An UnrecoverableError skips the remaining attempts: the job is dead at once.
      const final = !job || e instanceof UnrecoverableError || e.name === 'UnrecoverableError' || job.attemptsMade >= (job.opts.attempts ?? 1)
      log[final ? 'error' : 'warn'](final ? 'job dead' : 'job failed, will retry', {
        queue: name,
        job: job?.id,
        attempt: job?.attemptsMade,
        err: e.message,
      })
      // Retries are expected; a dead job needs a person, so only that goes to Sentry.
      // Not its payload: it may hold personal data. The job id leads to it (admin events page).
      if (final) reportError(e, { tags: { queue: name, job: job?.name }, extra: { jobId: job?.id, attempts: job?.attemptsMade } })
    })
    workers.push(w)
  }
  const domains = [...new Set(modules.map((m) => m.domain))]
  for (const d of domains) {
    // An event that fails inside a packed job is re-queued as a job of its own (consume.ts).
    const requeue = (jobs: TRequeueJob[]) => queues.get(d).addBulk(jobs).then(() => {})
    spawn(d, createEventProcessor(d, modules, db, { ...opts.consume, requeue }))
  }
  if (opts.jobs !== false) {
    const { createJobProcessor } = await import('./jobs')
    spawn(JOBS_QUEUE, createJobProcessor(db, stopSignal.signal))
    spawn(WAITS_QUEUE, createJobProcessor(db, stopSignal.signal), cfg.WORKER_WAIT_CONCURRENCY)
  }

  const routes = routesFrom(modules)
  const relayOpts = typeof opts.relay === 'object' ? opts.relay : {}
  const relay = opts.relay === false ? null : startRelay({ databaseUrl, queues, routes, ...relayOpts })
  const heartbeat = opts.heartbeat === false ? null : startHeartbeat(queueConn, prefix)
  const schedules = opts.schedule
    ? keepSchedules(queues.get(JOBS_QUEUE), queueConn, typeof opts.schedule === 'object' ? opts.schedule : {})
    : null
  warnIfNotDurable(queueConn)
  const healthPort = opts.healthPort ?? cfg.WORKER_HEALTH_PORT
  // Prisma's first query sets the client up (seconds on a busy node): done before the
  // probe can ask, so a healthy worker's first /ping does not time out into a 503.
  if (healthPort > 0) await warmUp(db)
  const health = healthPort > 0 ? await startHealthServer(healthPort, { db, redis: queueConn }) : null
  const converter = await startConverter(opts.converterPort ?? cfg.CONVERTER_PORT)
  log.info('worker started', { prefix, queues: [...domains, ...(opts.jobs !== false ? [JOBS_QUEUE, WAITS_QUEUE] : [])], relay: !!relay })

  let stopping: Promise<void> | null = null
  return {
    queues,
    relay,
    routes,
    workers,
    db,
    health,
    converter,
    stop() {
      stopping ??= (async () => {
        await health?.stop()
        await converter?.stop()
        schedules?.stop()
        await relay?.stop()
        stopSignal.abort()
        // close() waits for in-flight jobs; jobs not yet taken stay in Redis for the next worker.
        await Promise.all(workers.map((w) => w.close()))
        await heartbeat?.stop()
        await queues.close()
        await Promise.all(connections.map((c) => c.quit().catch(() => c.disconnect())))
        await db.$disconnect()
        await stopConverter()
        log.info('worker stopped')
      })()
      return stopping
    },
  }
}

/**
 * Warm LibreOffice and its internal route (the seed's converter on :6789). LibreOffice
 * missing is said once, with the command that installs it; the worker runs on without
 * the route (conversions then fail as unavailable and their jobs retry).
 */
async function startConverter(port: number): Promise<TConverterServer | null> {
  if (port <= 0) return null
  if (!findSoffice()) {
    log.error(`no conversion route: ${INSTALL_HINT}`)
    return null
  }
  const cfg = useConfig()
  const pool = useConverter()
  // Warm before listening: the first document should not pay LibreOffice's start-up.
  await pool.start().catch((e: Error) => log.error('LibreOffice did not start', { err: e.message }))
  const server = await startConverterServer({ port, host: cfg.CONVERTER_HOST, token: cfg.CONVERTER_TOKEN, maxBytes: cfg.CONVERTER_MAX_BYTES, pool })
  log.info('conversion route listening', { port: server.port, host: cfg.CONVERTER_HOST, instances: pool.size })
  return server
}

/** Says loudly, once the connection is up, when Redis could lose queued jobs (redis-durability.ts). */
function warnIfNotDurable(redis: Redis): void {
  const check = () =>
    void redisDurabilityProblems(redis)
      .then((problems) => {
        for (const p of problems) log.warn(`Redis is not safe for events in production: ${p}`, { problem: p })
      })
      .catch((e: Error) => log.debug('could not read the Redis configuration', { err: e.message }))
  if (redis.status === 'ready') check()
  else redis.once('ready', check)
}

/** One query, at most WARM_UP_MS: a database that is down must not hold the start (the probe says 503 then). */
const WARM_UP_MS = 10_000
async function warmUp(db: PrismaClient): Promise<void> {
  let timer: NodeJS.Timeout | undefined
  await Promise.race([
    db.$queryRawUnsafe('SELECT 1').catch(() => {}),
    new Promise<void>((resolve) => (timer = setTimeout(resolve, WARM_UP_MS))),
  ])
  clearTimeout(timer)
}
