import { purgeExplorer } from '../../domains/explorer'
import type { TJobContext } from '../jobs'

/** Empties the file trash and abandoned uploads (server/domains/explorer/purge.ts). */
export function explorerPurge(_: Record<string, never>, _ctx: TJobContext) {
  return purgeExplorer()
}
