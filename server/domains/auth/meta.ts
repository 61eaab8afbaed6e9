/** Where a request came from: recorded with sessions and login history, used by per-IP limits. */
export interface TRequestMeta {
  ip: string | null
  userAgent: string | null
}
