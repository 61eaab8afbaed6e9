import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Redis } from 'ioredis'
import { useConfig } from '../lib/config'
import type { PrismaClient } from '../lib/db'
import { useLogger } from '../lib/log'
import { metricsAnswer } from '../lib/metrics'

/**
 * The worker's own GET /ping for the kubelet probes (deploy/k8s/base/worker.yaml): 200
 * while this process reaches PostgreSQL and Redis, 503 otherwise. A check that does
 * not answer within CHECK_TIMEOUT_MS counts as down, so the probe (3 s) never hangs.
 * GET /metrics: this process's Prometheus metrics, behind METRICS_TOKEN as on the web.
 */
const CHECK_TIMEOUT_MS = 1500
const log = useLogger('worker-health')

type TCheck = 'ok' | 'error'

async function check(fn: () => Promise<unknown>): Promise<TCheck> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('timeout')), CHECK_TIMEOUT_MS)
  })
  try {
    await Promise.race([fn(), timeout])
    return 'ok'
  } catch {
    return 'error'
  } finally {
    clearTimeout(timer)
  }
}

/** A connection without an offline queue rejects commands until it is ready; a start-up probe should wait for it instead. */
function pingRedis(redis: Redis): Promise<unknown> {
  if (redis.status === 'ready') return redis.ping()
  return new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      redis.off('ready', onReady)
      reject(new Error('redis not ready'))
    }, CHECK_TIMEOUT_MS)
    const onReady = () => {
      clearTimeout(timer)
      resolve()
    }
    redis.once('ready', onReady)
  }).then(() => redis.ping())
}

export interface THealthServer {
  port: number
  stop(): Promise<void>
}

/** Listens on `port` (0 picks a free one, for tests); `redis` should fail fast when down (no offline queue). */
export async function startHealthServer(port: number, deps: { db: PrismaClient; redis: Redis }): Promise<THealthServer> {
  const server: Server = createServer((req, res) => {
    const [path, query = ''] = (req.url ?? '').split('?')
    if (req.method === 'GET' && path === '/metrics') {
      void metricsAnswer(req.headers.authorization, useConfig()).then(
        (a) => res.writeHead(a.status, a.headers).end(a.body),
        (e: Error) => res.writeHead(500, { 'content-type': 'text/plain' }).end(`metrics failed: ${e.message}`),
      )
      return
    }
    if (req.method !== 'GET' || path !== '/ping') {
      res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ status: 'not_found' }))
      return
    }
    // Liveness (`?scope=self`): this process answers. A Redis or database outage must
    // not make Kubernetes restart workers that will resume on their own.
    if (new URLSearchParams(query).get('scope') === 'self') {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ status: 'ok', pid: process.pid }))
      return
    }
    void Promise.all([check(() => deps.db.$queryRawUnsafe('SELECT 1')), check(() => pingRedis(deps.redis))]).then(([db, redis]) => {
      const ok = db === 'ok' && redis === 'ok'
      const body = { status: ok ? 'ok' : 'error', db, redis, pid: process.pid, uptimeS: Math.round(process.uptime()) }
      res.writeHead(ok ? 200 : 503, { 'content-type': 'application/json', 'cache-control': 'no-store' }).end(JSON.stringify(body))
    })
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, () => resolve())
  })
  server.on('error', (e) => log.warn('health server error', { err: e.message }))
  return {
    port: (server.address() as AddressInfo).port,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}
