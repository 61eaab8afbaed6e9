import { DOMAINS, type TDomain } from './domains'

// Queue names without BullMQ, so browser code (the admin page's schema) can use them.
export const JOBS_QUEUE = 'jobs'
/** Jobs that mostly wait on a person elsewhere (eGov QR long-polls): many at once, apart from the others. */
export const WAITS_QUEUE = 'waits'
export type TQueueName = TDomain | typeof JOBS_QUEUE | typeof WAITS_QUEUE
export const ALL_QUEUES = [...DOMAINS, JOBS_QUEUE, WAITS_QUEUE] as const satisfies readonly TQueueName[]
