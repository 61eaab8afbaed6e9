import { publishDueContent } from '../../domains/content'
import type { TJobContext } from '../jobs'

/** Scheduled publishing of the catalog (server/domains/content/publish-due.ts). */
export function contentPublishDue(_: Record<string, never>, { db }: TJobContext) {
  return publishDueContent(db)
}
