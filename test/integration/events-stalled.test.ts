import { fork, type ChildProcess } from 'node:child_process'
import path from 'node:path'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { publish } from '../../server/events/publish'
import { closePgPools, pgTransaction, usePgPool } from '../../server/lib/pg'
import { createRedis } from '../../server/lib/redis'
import { createTestDatabase, testRedisPrefix } from '../helpers/db'
import { waitFor } from '../helpers/events'

let url: string
let drop: () => Promise<void>
const prefix = testRedisPrefix('events-stalled')
const children: ChildProcess[] = []

interface TChild {
  proc: ChildProcess
  started: Set<string>
}

/** A worker process (test/helpers/worker-child.ts), resolved once its BullMQ workers are ready. */
async function startChild(env: Record<string, string>): Promise<TChild> {
  const proc = fork(path.join(import.meta.dirname, '../helpers/worker-child.ts'), [], {
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, LOG_LEVEL: 'silent', CHILD_DATABASE_URL: url, CHILD_PREFIX: prefix, ...env },
  })
  children.push(proc)
  const child: TChild = { proc, started: new Set() }
  let ready = false
  proc.on('message', (m: { ready?: boolean; started?: string }) => {
    if (m.ready) ready = true
    if (m.started) child.started.add(m.started)
  })
  await waitFor(() => ready, 'worker process ready', 60_000)
  return child
}

beforeAll(async () => {
  ;({ url, drop } = await createTestDatabase('events_stalled'))
  await usePgPool(url).query('CREATE TABLE listener_effects (event_id uuid NOT NULL, pid int NOT NULL)')
})

afterAll(async () => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL')
  const redis = createRedis('redis://127.0.0.1:6379')
  const keys = await redis.keys(`${prefix}:*`)
  if (keys.length) await redis.del(...keys)
  await redis.quit()
  await closePgPools()
  await drop?.()
})

it('runs the job of a worker killed mid-job again on another worker within 15 s', async () => {
  const doomed = await startChild({ CHILD_HANG: '1', CHILD_RELAY: '1' })
  const paid = { orderId: 'o1', userId: 'u1', amount: '4900.00', currency: 'KZT' }
  const id = await pgTransaction((c) => publish(c, 'OrderPaid', paid), usePgPool(url))
  await waitFor(() => doomed.started.has(id), 'the job active in the doomed worker', 30_000)
  const survivor = await startChild({ CHILD_HANG: '0', CHILD_RELAY: '0' })

  const killedAt = Date.now()
  doomed.proc.kill('SIGKILL')
  const rows = await waitFor(
    async () => {
      const { rows } = await usePgPool(url).query<{ pid: number }>('SELECT pid FROM listener_effects WHERE event_id = $1', [id])
      return rows.length > 0 ? rows : null
    },
    'the job to run again on the surviving worker',
    15_000,
  )
  const elapsed = Date.now() - killedAt
  expect(rows).toEqual([{ pid: survivor.proc.pid }])
  expect(elapsed, 'ms from SIGKILL to the re-run').toBeLessThan(15_000)
  survivor.proc.send('stop')
}, 120_000)
