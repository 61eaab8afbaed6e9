import type { TDb, TTx } from '../../lib/db'
import type { TCurrency } from '../../../shared/billing'

/**
 * The balance as a double-entry ledger: every movement is a transfer with two entries
 * that sum to zero (one account loses what the other gains), and an account's balance is
 * the sum of its entries, never a stored number that could drift from its history.
 * Platform accounts stand on the other side: `platform:bonus` pays bonuses out,
 * `platform:card` is what came in by card, `platform:sales` what balances paid for.
 */
export type TLedgerAccount = `user:${string}` | `workspace:${string}` | `platform:${'bonus' | 'card' | 'sales' | 'refund'}`

export const userAccount = (userId: string): TLedgerAccount => `user:${userId}`
export const workspaceAccount = (workspaceId: string): TLedgerAccount => `workspace:${workspaceId}`

/** Whose balance an order spends and tops up: its company workspace's, else its buyer's. */
export const payerAccount = (o: { userId: string; workspaceId: string | null }): TLedgerAccount => (o.workspaceId ? workspaceAccount(o.workspaceId) : userAccount(o.userId))

export interface TTransfer {
  /** Makes the transfer happen once: a second call with the key changes nothing. */
  key: string
  reason: 'welcome_bonus' | 'workspace_bonus' | 'topup' | 'order_payment' | 'refund' | 'adjustment'
  from: TLedgerAccount
  to: TLedgerAccount
  currency: TCurrency
  amountMinor: number
  orderId?: string
}

/**
 * Writes the transfer unless its key was used already; true when it was written now.
 * The unique key decides between two concurrent callers: the loser's insert does
 * nothing (ON CONFLICT), so a bonus or a payment is never counted twice.
 */
export async function transfer(tx: TTx, t: TTransfer): Promise<boolean> {
  if (!Number.isInteger(t.amountMinor) || t.amountMinor <= 0) throw new Error(`ledger transfer of ${t.amountMinor}: must be a positive integer`)
  const rows = await tx.$queryRaw<{ id: string }[]>`
    INSERT INTO billing_ledger_transfers (id, key, reason, order_id)
    VALUES (gen_random_uuid(), ${t.key}, ${t.reason}, ${t.orderId ?? null}::uuid)
    ON CONFLICT (key) DO NOTHING
    RETURNING id`
  const id = rows[0]?.id
  if (!id) return false
  await tx.ledgerEntry.createMany({
    data: [
      { transferId: id, account: t.from, currency: t.currency, amountMinor: -t.amountMinor },
      { transferId: id, account: t.to, currency: t.currency, amountMinor: t.amountMinor },
    ],
  })
  return true
}

export async function balanceOf(db: TDb, account: TLedgerAccount, currency: TCurrency): Promise<number> {
  const r = await db.ledgerEntry.aggregate({ where: { account, currency }, _sum: { amountMinor: true } })
  return r._sum.amountMinor ?? 0
}

/**
 * Serialises spending from one account inside a transaction (two orders paid from one
 * balance at once must not both see the same money). Held until commit.
 */
export async function lockAccount(tx: TTx, account: TLedgerAccount): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`billing-account:${account}`}))`
}
