import { useConfigOrExit } from '../lib/config'
import { closeDb } from '../lib/db'
import { useLogger } from '../lib/log'
import { closeRedis } from '../lib/redis'
import { flushSentry, initSentry } from '../lib/sentry'
import { warmRussianLemmas } from '../domains/content'
import { startWorker } from './worker'

/**
 * The sidecar process (relay, domain workers, jobs, heartbeat): `npm run worker` in
 * development, `node dist/worker.mjs` (scripts/build-worker.mjs) in the image.
 */
const cfg = useConfigOrExit()
const log = useLogger('worker')
await initSentry(cfg, 'worker')

const handle = await startWorker({ schedule: true })
// Scheduled publishes analyse Russian text; load the dictionary now, off any job's path.
void warmRussianLemmas()
let exiting = false

async function shutdown(signal: string) {
  if (exiting) return
  exiting = true
  log.info('shutting down', { signal })
  // A job that never finishes must not keep the pod from stopping forever.
  const force = setTimeout(() => {
    log.error('shutdown timed out; exiting')
    process.exit(1)
  }, 30_000)
  force.unref()
  await handle.stop()
  await flushSentry()
  await closeDb()
  await closeRedis()
  process.exit(0)
}

process.on('SIGTERM', () => void shutdown('SIGTERM'))
process.on('SIGINT', () => void shutdown('SIGINT'))
