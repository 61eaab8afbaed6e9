import { defineEventHandler, getQuery, setResponseStatus } from 'h3'
import { systemHealth } from '../lib/health'
import { isDraining } from '../lib/shutdown'

/**
 * GET /ping: 200 when database, Redis, storage and the worker all answer; 503 naming
 * what is down. `?scope=self` answers for this process only (the liveness probe:
 * a database outage must not make Kubernetes restart healthy web pods). A process
 * draining after SIGTERM answers 503 `draining` (the readiness side only).
 */
export default defineEventHandler(async (event) => {
  if (getQuery(event).scope === 'self') return { status: 'ok', pid: process.pid }
  // After SIGTERM (server/plugins/shutdown.ts): out of the balancer before the listener closes.
  if (isDraining()) {
    setResponseStatus(event, 503)
    return { status: 'draining', pid: process.pid }
  }
  const health = await systemHealth()
  if (health.status !== 'ok') setResponseStatus(event, 503)
  return health
})
