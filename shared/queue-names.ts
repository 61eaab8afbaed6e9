import { DOMAINS, type TDomain } from './domains'

// Queue names without BullMQ, so browser code (the admin page's schema) can use them.
export const JOBS_QUEUE = 'jobs'
export type TQueueName = TDomain | typeof JOBS_QUEUE
export const ALL_QUEUES = [...DOMAINS, JOBS_QUEUE] as const satisfies readonly TQueueName[]
