import { listenApiApp } from './h3-app'

/**
 * A second web process for tests that must prove state is shared across processes
 * (rate limits in Redis): `tsx test/helpers/h3-server.ts auth admin` prints
 * `LISTENING <url>` and serves until killed. Config comes from the environment.
 */
const dirs = process.argv.slice(2)
const app = await listenApiApp(dirs.length ? dirs : ['auth'])
process.stdout.write(`LISTENING ${app.url} pid=${process.pid}\n`)
process.on('SIGTERM', () => void app.close().then(() => process.exit(0)))
