import { expect, it } from 'vitest'
import type { Redis } from 'ioredis'
import { createRedisSubscriber } from '../../server/lib/redis'

/**
 * Regression: a SUBSCRIBE written as the connection comes up raced ioredis's INFO
 * ready check (redis/ioredis#2037): the check was refused, the connection reset and
 * realtime fan-out lost messages (seen as flaky cross-process delivery in CI).
 */
async function subscribeOnConnect(make: () => Redis, n: number): Promise<string[]> {
  const errors: string[] = []
  const conns = Array.from({ length: n }, make)
  await Promise.all(
    conns.map(
      (c) =>
        new Promise<void>((resolve) => {
          c.on('error', (e: Error) => errors.push(e.message))
          c.once('connect', () => {
            c.subscribe('subscriber-race').then(
              () => resolve(),
              (e: Error) => (errors.push(e.message), resolve()),
            )
          })
        }),
    ),
  )
  await new Promise((r) => setTimeout(r, 300))
  await Promise.all(conns.map((c) => c.quit().catch(() => c.disconnect())))
  return errors
}

it('a subscriber connection subscribing the moment it connects raises no error', async () => {
  expect(await subscribeOnConnect(() => createRedisSubscriber('redis://127.0.0.1:6379'), 20)).toEqual([])
})
