import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { startBalancer, type TBalancer } from '../../scripts/lib/balancer'
import { eventually } from '../helpers/eventually'
import { freePort } from '../helpers/server'

// The drill's balancer must behave like the ingress it stands for, or the drill's
// figures mean nothing: out on 503 or refusal, back on 200, retry only a refused connection.
const open: { close(): unknown }[] = []
afterEach(async () => {
  for (const o of open.splice(0)) await o.close()
})

async function backend(name: string, state: { ping: number; hits: number }): Promise<{ url: string; server: Server }> {
  const server = createServer((req, res) => {
    if (req.url === '/ping') return void res.writeHead(state.ping).end()
    state.hits++
    if (req.url === '/reset') return void req.socket.destroy()
    res.writeHead(200).end(name)
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  open.push({ close: () => new Promise((r) => server.close(r)) })
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server }
}

describe('drill balancer', () => {
  it('skips a draining (503) backend, retries a refused connection elsewhere, never repeats a reset one', async () => {
    const a = { ping: 200, hits: 0 }
    const b = { ping: 200, hits: 0 }
    const ba = await backend('a', a)
    const bb = await backend('b', b)
    const dead = `http://127.0.0.1:${await freePort()}`
    const lb: TBalancer = await startBalancer({
      backends: [
        { name: 'a', url: ba.url },
        { name: 'b', url: bb.url },
        { name: 'dead', url: dead },
      ],
      healthEveryMs: 50,
    })
    open.push(lb)
    expect(lb.backends.map((x) => x.healthy)).toEqual([true, true, false])

    const names = await Promise.all(Array.from({ length: 10 }, async () => (await fetch(lb.url + '/x')).text()))
    expect(new Set(names)).toEqual(new Set(['a', 'b']))

    a.ping = 503
    await eventually(() => expect(lb.backends[0]!.healthy).toBe(false))
    const before = a.hits
    for (let i = 0; i < 6; i++) expect(await (await fetch(lb.url + '/x')).text()).toBe('b')
    expect(a.hits).toBe(before)

    // A reset after the request was sent is a 502, tried once only.
    const hits = b.hits
    const r = await fetch(lb.url + '/reset')
    expect(r.status).toBe(502)
    expect(b.hits).toBe(hits + 1)
  })

  it('a backend that starts refusing between two health checks loses no request', async () => {
    const a = { ping: 200, hits: 0 }
    const b = { ping: 200, hits: 0 }
    const ba = await backend('a', a)
    const bb = await backend('b', b)
    // No health check during the test: only the refused connection can take b out.
    const lb = await startBalancer({ backends: [{ name: 'a', url: ba.url }, { name: 'b', url: bb.url }], healthEveryMs: 600_000 })
    open.push(lb)
    await new Promise<void>((r) => bb.server.close(() => r()))
    const answers = []
    for (let i = 0; i < 4; i++) answers.push(await (await fetch(lb.url + '/x')).text())
    expect(answers).toEqual(['a', 'a', 'a', 'a'])
    expect(lb.stats.retriedRefused).toBe(1)
    expect(lb.backends[1]!.healthy).toBe(false)
  })
})
