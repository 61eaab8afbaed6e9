/** The sixteen domains, one per service of the seed system (see docs/architecture.md). */
export const DOMAINS = [
  'auth',
  'workspace',
  'notification',
  'billing',
  'explorer',
  'document',
  'chat',
  'content',
  'registry',
  'task',
  'subscription',
  'status',
  'statistics',
  'priority',
  'history',
  'amicus',
] as const

export type TDomain = (typeof DOMAINS)[number]

export function isDomain(s: string): s is TDomain {
  return (DOMAINS as readonly string[]).includes(s)
}
