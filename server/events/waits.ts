import { useSharedQueues, WAITS_QUEUE } from './queues'

/**
 * Starts a job of the waits queue from a domain (domains do not import the worker's job
 * catalog, server/workers/jobs.ts, where the job is declared with its payload schema: the
 * worker checks the payload and fails an unknown name or a bad payload at once). `jobId`
 * makes a second start of the same wait a no-op.
 */
export async function startWaitJob(name: string, data: Record<string, unknown>, opts: { jobId: string; attempts?: number }): Promise<void> {
  await useSharedQueues()
    .get(WAITS_QUEUE)
    .add(name, data, { jobId: opts.jobId, attempts: opts.attempts ?? 5, backoff: { type: 'exponential', delay: 2000 } })
}
