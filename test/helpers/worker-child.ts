import { defineListeners } from '../../server/events/listeners'
import { startWorker } from '../../server/workers/worker'

/**
 * A worker sidecar in a process of its own, so a test can kill it with SIGKILL as a
 * node or the OOM killer would. Its notification listener for OrderPaid reports each
 * call to the parent; with CHILD_HANG=1 it then never returns (the job stays active),
 * otherwise it writes a `listener_effects (event_id, pid)` row through its transaction.
 */
const hang = process.env.CHILD_HANG === '1'
const listeners = [
  defineListeners('notification', {
    OrderPaid: async (_p, m) => {
      process.send?.({ started: m.eventId })
      if (hang) await new Promise(() => {})
      await m.tx.$executeRaw`INSERT INTO listener_effects (event_id, pid) VALUES (${m.eventId}::uuid, ${process.pid})`
    },
  }),
]

const worker = await startWorker({
  databaseUrl: process.env.CHILD_DATABASE_URL,
  prefix: process.env.CHILD_PREFIX,
  listeners,
  jobs: false,
  heartbeat: false,
  relay: process.env.CHILD_RELAY === '1',
})
await Promise.all(worker.workers.map((w) => w.waitUntilReady()))
process.send?.({ ready: true })
// The test is gone (crashed or aborted): do not linger.
process.on('disconnect', () => process.exit(1))
process.on('message', (m) => {
  if (m === 'stop') void worker.stop().then(() => process.exit(0))
})
