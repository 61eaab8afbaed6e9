import { afterAll } from 'vitest'
import { resetConfigForTests } from '../../server/lib/config'
import { closeDb } from '../../server/lib/db'
import { stopConverter } from '../../server/lib/office'
import { closeRedis } from '../../server/lib/redis'
import { resetDrainingForTests } from '../../server/lib/shutdown'
import { closeRealtimeApp } from '../../server/realtime/instance'
import { resetPusherForTests } from '../../server/realtime/publish'

/**
 * Runs before every file of a project whose files share their worker's modules
 * (`isolate: false` in vitest.config.ts): importing the server's domains once per worker
 * instead of once per file halves the integration project's CPU. The price is that a
 * file finds what the file before it left in the process, so each starts from the same
 * state: the environment the worker started with (a file's own DATABASE_URL, SMTP_URL,
 * PUSHER_* go) and the config, Pusher client and draining flag built from it afresh; and
 * each ends by closing the process-wide clients it may have opened (database, Redis,
 * realtime hub, LibreOffice). Clients keyed by their settings (S3, the queue sets) follow
 * the config by themselves.
 */
const g = globalThis as { __d24EnvAtStart?: Record<string, string | undefined> }
const envAtStart = (g.__d24EnvAtStart ??= { ...process.env })
for (const key of Object.keys(process.env)) if (!(key in envAtStart)) delete process.env[key]
Object.assign(process.env, envAtStart)
resetConfigForTests()
resetPusherForTests()
resetDrainingForTests()

afterAll(async () => {
  await closeRealtimeApp().catch(() => {})
  await stopConverter()
  await closeDb()
  await closeRedis()
})
