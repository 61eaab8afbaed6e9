import { defineEventHandler, getQuery, setResponseStatus } from 'h3'
import { systemHealth } from '../lib/health'

/**
 * GET /ping: 200 when database, Redis, storage and the worker all answer; 503 naming
 * what is down. `?scope=self` answers for this process only (the liveness probe:
 * a database outage must not make Kubernetes restart healthy web pods).
 */
export default defineEventHandler(async (event) => {
  if (getQuery(event).scope === 'self') return { status: 'ok', pid: process.pid }
  const health = await systemHealth()
  if (health.status !== 'ok') setResponseStatus(event, 503)
  return health
})
