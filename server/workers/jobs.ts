import { DelayedError, UnrecoverableError, type Job, type JobsOptions } from 'bullmq'
import { z } from 'zod'
import { QueueSet, JOBS_QUEUE, WAITS_QUEUE, useSharedQueues } from '../events/queues'
import type { PrismaClient } from '../lib/db'
import { AppError } from '../lib/errors'

/**
 * The job catalog: background work that is not an event (calls to external systems,
 * housekeeping). Declared once with an id, a zod payload and a lazily imported
 * handler, so the web process can enqueue a job without loading its dependencies.
 */
export interface TJobContext {
  db: PrismaClient
  jobId: string
  attempt: number
  /** Aborted when the worker stops: a job that waits long (the waits queue) gives its place up. */
  signal: AbortSignal
  /** Ends this run and runs the job again after `ms` (an attempt is not spent): a stopping worker's long wait resumes elsewhere. */
  postpone: (ms: number) => Promise<never>
}

export type TJobHandler<P> = (payload: P, ctx: TJobContext) => Promise<unknown>

export interface TJobDef<TPayload extends z.ZodType = z.ZodType> {
  description: string
  payload: TPayload
  handler: () => Promise<TJobHandler<z.output<TPayload>>>
  options?: JobsOptions
  /** WAITS_QUEUE for a job that mostly waits on someone elsewhere: it runs apart, many at once (WORKER_WAIT_CONCURRENCY). */
  queue?: typeof JOBS_QUEUE | typeof WAITS_QUEUE
}

function defineJob<TPayload extends z.ZodType>(def: TJobDef<TPayload>) {
  return def
}

export const JOBS = {
  'events.pruneOutbox': defineJob({
    description:
      'Deletes outbox rows every listener has handled and old listener receipts (they only guard against recent redeliveries).',
    payload: z.object({
      handledOlderThanDays: z.number().int().min(1).default(7),
      receiptsOlderThanDays: z.number().int().min(1).default(30),
    }),
    handler: () => import('./jobs/prune-outbox').then((m) => m.pruneOutbox),
    options: { attempts: 3 },
  }),
  'history.checkpoint': defineJob({
    description: "Signs the audit chains' heads that moved since the last checkpoint (tamper evidence for removed newest entries).",
    payload: z.object({}),
    handler: () => import('./jobs/history-checkpoint').then((m) => m.historyCheckpoint),
    options: { attempts: 3 },
  }),
  'content.publishDue': defineJob({
    description: 'Publishes the catalog items whose scheduled publishing time has come (content domain).',
    payload: z.object({}),
    handler: () => import('./jobs/content-publish-due').then((m) => m.contentPublishDue),
    options: { attempts: 3 },
  }),
  'billing.reconcilePayments': defineJob({
    description: 'Asks Epay about card payments stuck pending (a lost callback, an outage) and settles them as the callback would have (billing domain).',
    payload: z.object({}),
    handler: () => import('./jobs/billing-reconcile').then((m) => m.billingReconcile),
    options: { attempts: 1 },
  }),
  'billing.expireOrders': defineJob({
    description: 'Expires orders left unpaid for BILLING_ORDER_TTL_HOURS and gives their promo codes back (billing domain).',
    payload: z.object({}),
    handler: () => import('./jobs/billing-expire').then((m) => m.billingExpire),
    options: { attempts: 1 },
  }),
  'explorer.purge': defineJob({
    description: 'Empties what stayed in the file trash EXPLORER_TRASH_DAYS and removes uploads never confirmed, with their bytes (explorer domain).',
    payload: z.object({}),
    handler: () => import('./jobs/explorer-purge').then((m) => m.explorerPurge),
    options: { attempts: 1 },
  }),
  'explorer.signingSweep': defineJob({
    description: 'Closes signing requests past their deadline (the sender is told) and reminds invited parties every SIGNING_REMIND_HOURS (explorer domain).',
    payload: z.object({}),
    handler: () => import('./jobs/explorer-signing-sweep').then((m) => m.explorerSigningSweep),
    options: { attempts: 1 },
  }),
  'explorer.egovQr': defineJob({
    description:
      'Follows one eGov mobile QR signing: hands the document over once the phone has scanned the QR, waits for the signature, verifies and stores it (explorer domain).',
    payload: z.object({ sessionId: z.string().uuid() }),
    handler: () => import('./jobs/explorer-egov-qr').then((m) => m.explorerEgovQr),
    options: { attempts: 5, backoff: { type: 'exponential', delay: 2000 } },
    queue: WAITS_QUEUE,
  }),
  'auth.egovQrLogin': defineJob({
    description: 'Follows one sign-in with eGov mobile by QR: hands the challenge over once the phone has scanned, keeps the CMS it signs for the browser to sign in with (auth domain).',
    payload: z.object({ id: z.string().uuid() }),
    handler: () => import('./jobs/auth-egov-login').then((m) => m.authEgovLogin),
    options: { attempts: 5, backoff: { type: 'exponential', delay: 2000 } },
    queue: WAITS_QUEUE,
  }),
  'subscription.runDue': defineJob({
    description: 'Ends, renews (asks billing for the renewal order) and expires the subscriptions whose period or grace period is over (subscription domain).',
    payload: z.object({}),
    handler: () => import('./jobs/subscription-due').then((m) => m.subscriptionDue),
    options: { attempts: 1 },
  }),
} as const

export type TJobName = keyof typeof JOBS
export type TJobPayload<N extends TJobName> = z.input<(typeof JOBS)[N]['payload']>


export async function enqueueJob<N extends TJobName>(
  name: N,
  payload: TJobPayload<N>,
  opts: { queues?: QueueSet; jobId?: string; delayMs?: number } = {},
): Promise<string> {
  const def: TJobDef = JOBS[name]
  const parsed = def.payload.safeParse(payload)
  if (!parsed.success) throw new AppError('VALIDATION', `Invalid ${name} payload: ${parsed.error.message}`)
  const qs = opts.queues ?? useSharedQueues()
  const job = await qs.get(def.queue ?? JOBS_QUEUE).add(name, parsed.data, { ...def.options, jobId: opts.jobId, delay: opts.delayMs })
  return job.id ?? ''
}

/** The BullMQ processor of the jobs queue (and of the waits queue); `signal` aborts when the worker stops. */
export function createJobProcessor(db: PrismaClient, signal: AbortSignal = new AbortController().signal) {
  return async (job: Job, token?: string): Promise<unknown> => {
    const def = (JOBS as Record<string, TJobDef>)[job.name]
    // Neither an unknown job nor a bad payload gets better with a retry.
    if (!def) throw new UnrecoverableError(`Unknown job ${job.name}`)
    const parsed = def.payload.safeParse(job.data)
    if (!parsed.success) throw new UnrecoverableError(`Invalid ${job.name} payload: ${parsed.error.message}`)
    const payload = parsed.data
    const handler = await def.handler()
    const postpone = async (ms: number): Promise<never> => {
      await job.moveToDelayed(Date.now() + ms, token)
      // BullMQ's way of ending a run whose job it has already moved: nothing is failed or spent.
      throw new DelayedError()
    }
    return handler(payload, { db, jobId: job.id ?? '', attempt: job.attemptsMade + 1, signal, postpone })
  }
}
