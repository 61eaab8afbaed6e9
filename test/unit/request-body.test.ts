import { IncomingMessage, ServerResponse } from 'node:http'
import { Socket } from 'node:net'
import { createEvent } from 'h3'
import { describe, expect, it } from 'vitest'
import { readLimitedBody } from '../../server/http/body'

/** A request whose body is already in memory, as Nitro's internal fetch (server render → our API) builds it. */
function inMemoryRequest(body: string) {
  const req = new IncomingMessage(new Socket())
  req.method = 'POST'
  req.headers = { 'content-type': 'application/json' }
  ;(req as IncomingMessage & { body?: string }).body = body
  return createEvent(req, new ServerResponse(req))
}

describe('readLimitedBody', () => {
  it('reads a body handed over in memory (internal fetch), not only from the socket', async () => {
    expect(await readLimitedBody(inMemoryRequest('{"refreshToken":"rt1.abc"}'), 1024)).toEqual({ refreshToken: 'rt1.abc' })
  })

  it('refuses an in-memory body above the limit', async () => {
    await expect(readLimitedBody(inMemoryRequest(JSON.stringify({ a: 'x'.repeat(2000) })), 1024)).rejects.toMatchObject({ code: 'PAYLOAD_TOO_LARGE' })
  })
})
