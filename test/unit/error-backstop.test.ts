import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { createApp, defineEventHandler, toNodeListener } from 'h3'
import { describe, expect, it } from 'vitest'
import { sendError, sqlState } from '../../server/lib/error-response'

/** What PostgreSQL's data exceptions look like by the time they reach the error answer. */
const pgError = Object.assign(new Error('invalid byte sequence for encoding "UTF8": 0x00'), { code: '22021' })
const prismaError = Object.assign(new Error('Invalid `prisma.user.update()` invocation'), {
  code: 'P2007',
  meta: { driverAdapterError: { cause: { originalCode: '22008', kind: 'postgres' } } },
})

async function answer(thrown: unknown): Promise<{ status: number; body: any }> {
  const app = createApp().use(
    defineEventHandler((event) => {
      try {
        throw thrown
      } catch (e) {
        return sendError(event, e)
      }
    }),
  )
  const server = createServer(toNodeListener(app))
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  try {
    const res = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`)
    return { status: res.status, body: await res.json() }
  } finally {
    await new Promise((r) => server.close(r))
  }
}

describe('error answer backstop for PostgreSQL data exceptions', () => {
  it('finds the SQLSTATE on a pg error and under a Prisma adapter error', () => {
    expect(sqlState(pgError)).toBe('22021')
    expect(sqlState(prismaError)).toBe('22008')
    expect(sqlState(new Error('x'))).toBeUndefined()
  })

  it('answers 400 VALIDATION, not 500, to a 22xxx from the database', async () => {
    for (const e of [pgError, prismaError]) {
      const r = await answer(e)
      expect(r.status).toBe(400)
      expect(r.body.error.code).toBe('VALIDATION')
    }
  })

  it('still answers 500 to other database errors', async () => {
    const r = await answer(Object.assign(new Error('deadlock'), { code: '40P01' }))
    expect(r.status).toBe(500)
  })
})
