import { useConfig } from '../../lib/config'
import { useDb, type TTx } from '../../lib/db'
import { REGION_TIME_ZONES } from '../../../shared/dates'

/** Today in the region's time zone as YYYY-MM-DD (a card dated at 01:00 in Almaty is not yesterday's). */
export function regionToday(now = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: REGION_TIME_ZONES[useConfig().REGION], year: 'numeric', month: '2-digit', day: '2-digit' }).format(now)
}

export async function numberPrefix(workspaceId: string, tx: TTx = useDb()): Promise<string> {
  const row = await tx.registrySettings.findUnique({ where: { workspaceId } })
  return row?.prefix ?? ''
}

export function formatCardNumber(prefix: string, year: number, seq: number): string {
  return `${prefix}${year}-${String(seq).padStart(4, '0')}`
}

/**
 * The next number of the workspace's year, taken in the caller's transaction: the
 * upsert locks the sequence row until commit, so two cards created at once get
 * consecutive numbers, and a rolled-back card gives its number back.
 */
export async function takeCardNumber(tx: TTx, workspaceId: string, year: number): Promise<{ seq: number; number: string }> {
  const [row] = await tx.$queryRaw<{ last: number }[]>`
    INSERT INTO card_sequences (workspace_id, year, last) VALUES (${workspaceId}::uuid, ${year}, 1)
    ON CONFLICT (workspace_id, year) DO UPDATE SET last = card_sequences.last + 1
    RETURNING last`
  const seq = row!.last
  return { seq, number: formatCardNumber(await numberPrefix(workspaceId, tx), year, seq) }
}
