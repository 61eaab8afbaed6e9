import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { createApp, createRouter, toNodeListener } from 'h3'
import { afterAll, beforeAll, expect, it } from 'vitest'
import eventsRoute from '../../server/api/admin/events/index.get'
import { createApiToken, DEMO_USERS, ensureDemoUsers } from '../../server/domains/auth'
import { defineListeners } from '../../server/events/listeners'
import { publish } from '../../server/events/publish'
import { resetConfigForTests } from '../../server/lib/config'
import { closeDb, useDb } from '../../server/lib/db'
import { closeRedis, createRedis } from '../../server/lib/redis'
import { startWorker } from '../../server/workers/worker'
import { createTestDatabase, testRedisPrefix } from '../helpers/db'
import { waitFor } from '../helpers/events'

process.env.LOG_LEVEL = 'silent'

let db: { url: string; drop: () => Promise<void> }
let server: Server
let base: string
let adminToken: string
let userToken: string
const prefix = testRedisPrefix('events-admin')
const auth = (t: string) => ({ headers: { authorization: `Bearer ${t}` } })

interface TOverview {
  queues: { queue: string; failed: number }[]
  outbox: { unrelayed: number; oldest: string | null }
  unhandled: {
    count: number
    oldestAgeS: number | null
    redelivered: number
    listeners: { listener: string; count: number }[]
    events: { eventId: string; missing: string[]; redeliveries: number }[]
  }
  deadJobs: { queue: string; eventId?: string; error: string; attempts: number }[]
}

beforeAll(async () => {
  db = await createTestDatabase('events_admin')
  process.env.DATABASE_URL = db.url
  process.env.REDIS_PREFIX = prefix
  resetConfigForTests()
  const app = createApp()
  app.use(createRouter().get('/api/admin/events', eventsRoute))
  server = createServer(toNodeListener(app))
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/admin/events`
  await ensureDemoUsers()
  const token = async (email: string) => {
    const u = await useDb().user.findFirstOrThrow({ where: { email } })
    return (await createApiToken({ userId: u.id, via: 'session' }, { name: 'events admin test' })).token
  }
  adminToken = await token(DEMO_USERS.find((u) => u.roles.includes('admin'))!.email)
  userToken = await token(DEMO_USERS.find((u) => u.roles.length === 1 && u.roles[0] === 'user')!.email)
})

afterAll(async () => {
  await new Promise((r) => server?.close(r))
  const redis = createRedis('redis://127.0.0.1:6379')
  const keys = await redis.keys(`${prefix}:*`)
  if (keys.length) await redis.del(...keys)
  await redis.quit()
  await closeRedis()
  await closeDb()
  await db?.drop()
})

it('shows an admin the dead job with its error, the unrelayed backlog and the relayed event never handled; 401 anonymous, 403 user', async () => {
  const listeners = [
    defineListeners('notification', {
      OrderPaid: async () => {
        throw new Error('sms gateway said no')
      },
    }),
  ]
  const worker = await startWorker({
    databaseUrl: db.url,
    prefix,
    listeners,
    jobs: false,
    defaultJobOptions: { attempts: 1 },
    relay: { sweep: { redeliverAfterMs: 1000, everyMs: 100 } },
  })
  const dead = await useDb().$transaction((tx) =>
    publish(tx, 'OrderPaid', { orderId: 'o1', userId: 'u1', amount: '4900.00', currency: 'KZT' }),
  )
  await waitFor(async () => (await worker.queues.get('notification').getJobCounts('failed')).failed === 1, 'the job to die')
  // Still no receipt a while after it was relayed: the sweep sends it again, and counts it.
  await waitFor(async () => (await worker.relay!.sweep!.run()).redelivered > 0, 'a redelivery of the dead event')
  await worker.stop()
  // Published while no relay runs: it waits in the outbox.
  await publish(useDb(), 'OrderPaid', { orderId: 'o2', userId: 'u1', amount: '1.00', currency: 'KZT' })

  const res = await fetch(base, auth(adminToken))
  expect(res.status).toBe(200)
  const body = (await res.json()) as TOverview
  expect(body.deadJobs).toHaveLength(1)
  expect(body.deadJobs[0]).toMatchObject({ queue: 'notification', eventId: dead, error: 'sms gateway said no', attempts: 1 })
  expect(body.queues.find((q) => q.queue === 'notification')?.failed).toBe(1)
  expect(body.outbox.unrelayed).toBe(1)
  expect(Date.parse(body.outbox.oldest!)).not.toBeNaN()
  // Relayed but not handled: Redis took the dead event, no receipt ever committed.
  expect(body.unhandled).toMatchObject({ count: 1, redelivered: 1, listeners: [{ listener: 'notification.OrderPaid', count: 1 }] })
  expect(body.unhandled.events).toEqual([expect.objectContaining({ eventId: dead, missing: ['notification.OrderPaid'] })])
  expect(body.unhandled.events[0]!.redeliveries).toBeGreaterThanOrEqual(1)
  expect(body.unhandled.oldestAgeS).toBeGreaterThanOrEqual(0)

  expect((await fetch(base)).status).toBe(401)
  expect((await fetch(base, auth(userToken))).status).toBe(403)
  expect((await fetch(`${base}?deadLimit=0`, auth(adminToken))).status).toBe(400)
})
