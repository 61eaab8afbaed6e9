import { writeCheckpoint, type TCheckpointWritten } from '../../domains/history'
import type { TJobContext } from '../jobs'

/** The scheduled half of the audit log's tamper evidence (server/domains/history/checkpoint.ts). */
export function historyCheckpoint(_: Record<string, never>, { db }: TJobContext): Promise<TCheckpointWritten | null> {
  return writeCheckpoint(db)
}
