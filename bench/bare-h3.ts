// The baseline for bench/http.ts: the very same route module Nitro serves
// (server/api/bench/ping.get.ts), mounted on a bare h3 app over node:http.
// Runs as its own process so it never shares an event loop with autocannon.
import { createServer } from 'node:http'
import { createApp, createRouter, toNodeListener } from 'h3'
import ping from '../server/api/bench/ping.get'

const app = createApp()
app.use(createRouter().get('/api/bench/ping', ping))
const port = Number(process.env.PORT ?? 0)
const server = createServer(toNodeListener(app))
server.listen(port, '127.0.0.1', () => {
  const addr = server.address()
  process.stdout.write(`listening ${typeof addr === 'object' && addr ? addr.port : port}\n`)
})
process.on('SIGTERM', () => server.close(() => process.exit(0)))
