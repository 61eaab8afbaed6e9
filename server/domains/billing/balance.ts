import { useConfig } from '../../lib/config'
import type { TTx } from '../../lib/db'
import { useDb } from '../../lib/db'
import type { TBalanceView } from '../../../shared/billing'
import { balanceOf, payerAccount, transfer, userAccount, workspaceAccount } from './ledger'
import { assertBuyer, regionCurrency } from './orders'

/**
 * A balance (derived from the ledger) and its latest movements: the person's, or with
 * `workspaceId` a company workspace's (its owners and admins only).
 */
export async function getBalance(userId: string, workspaceId?: string): Promise<TBalanceView> {
  if (workspaceId) await assertBuyer(userId, { workspaceId })
  const db = useDb()
  const currency = regionCurrency()
  const account = payerAccount({ userId, workspaceId: workspaceId ?? null })
  const [balanceMinor, entries] = await Promise.all([
    balanceOf(db, account, currency),
    db.ledgerEntry.findMany({ where: { account, currency }, orderBy: { id: 'desc' }, take: 50, include: { transfer: true } }),
  ])
  return {
    currency,
    balanceMinor,
    entries: entries.map((e) => ({ amountMinor: e.amountMinor, reason: e.transfer.reason, orderId: e.transfer.orderId, at: e.createdAt.toISOString() })),
  }
}

/**
 * The welcome bonus, once per person: the transfer's key is the user id, so UserActivated
 * delivered twice (or a retried listener) finds it paid and adds nothing.
 */
export async function grantWelcomeBonus(tx: TTx, userId: string): Promise<boolean> {
  const amount = useConfig().BILLING_WELCOME_BONUS_MINOR
  if (amount <= 0) return false
  return transfer(tx, { key: `welcome:${userId}`, reason: 'welcome_bonus', from: 'platform:bonus', to: userAccount(userId), currency: regionCurrency(), amountMinor: amount })
}

/** A new company workspace's bonus, when configured (BILLING_WORKSPACE_BONUS_MINOR; 0 = none), once per workspace. */
export async function grantWorkspaceBonus(tx: TTx, workspaceId: string): Promise<boolean> {
  const amount = useConfig().BILLING_WORKSPACE_BONUS_MINOR
  if (amount <= 0) return false
  return transfer(tx, { key: `workspace-welcome:${workspaceId}`, reason: 'workspace_bonus', from: 'platform:bonus', to: workspaceAccount(workspaceId), currency: regionCurrency(), amountMinor: amount })
}
