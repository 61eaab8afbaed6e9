import { createHmac, timingSafeEqual } from 'node:crypto'
import type { Payment, Prisma } from '../../generated/prisma/client'
import { useConfig } from '../../lib/config'
import { useDb, type TDb, type TTx } from '../../lib/db'
import { AppError } from '../../lib/errors'
import { useLogger } from '../../lib/log'
import {
  buildPaymentObject,
  createEpayClient,
  epayConf,
  epayLanguage,
  fromWireAmount,
  isCallbackSuccess,
  isValidInvoiceId,
  sandboxEmulator,
  sandboxEpayConf,
  ZEpayCallbackSchema,
  type TEpayClient,
  type TEpayPayOutcome,
  type TEpayStatus,
} from '../../integrations/epay'
import { localizedPath } from '../../../shared/locales'
import { SANDBOX_CARDS, type TCurrency, type TEpayStartView, type TSandboxPayInput, type TStartEpayInput } from '../../../shared/billing'
import { billingConflict, invoiceNotFound, orderNotFound } from './errors'
import { assertLinesCurrent, assertOrderAccess, assertPayable, lockOrder, moveOrder } from './orders'
import { settlePaid } from './settle'
import { payerAccount, transfer } from './ledger'

const log = useLogger('billing:epay')

/** Epay's payment-page script (unconfirmed URL; EPAY_SCRIPT_URL overrides it). */
const DEFAULT_SCRIPT_URL = 'https://test-epay.homebank.kz/payform/payment-api.js'

/** Statuses that mean the money is taken (CHARGE) or held for us (AUTH). */
const PAID_STATUSES = new Set(['CHARGE', 'AUTH'])
/** Statuses that mean the payment will not happen. */
const FAILED_STATUSES = new Set(['REJECT', 'FAILED', 'CANCEL'])

/** Epay's invoice id of a payment attempt: its sequence number, zero-padded to 9 digits. */
export function invoiceIdOf(p: Pick<Payment, 'seq'>): string {
  return p.seq.toString().padStart(9, '0')
}

function seqOfInvoice(invoiceId: string): bigint | null {
  return isValidInvoiceId(invoiceId) ? BigInt(invoiceId) : null
}

/**
 * The secret Epay echoes back in the callback: an HMAC of the invoice id under our
 * server secret, so a callback that does not carry it did not come from a payment we
 * started, and nothing secret has to be stored per payment.
 */
export function secretHashFor(invoiceId: string): string {
  return createHmac('sha256', `${useConfig().AUTH_SECRET}:epay-secret-hash`).update(invoiceId).digest('hex').slice(0, 32)
}

function sameSecret(a: string | null | undefined, b: string): boolean {
  if (!a || a.length !== b.length) return false
  return timingSafeEqual(Buffer.from(a), Buffer.from(b))
}

let client: { key: string; c: TEpayClient } | undefined
/**
 * The Epay this server talks to: the real one when credentials are configured, else the
 * sandbox Epay of this very server (server/integrations/epay/sandbox.ts), reached with
 * the same client and protocol.
 */
export function gateway(): { c: TEpayClient; terminal: string; driver: 'live' | 'sandbox' } {
  const live = epayConf()
  const conf = live ?? sandboxEpayConf()
  const key = JSON.stringify(conf)
  if (client?.key !== key) client = { key, c: createEpayClient(conf) }
  return { c: client.c, terminal: conf.terminal, driver: live ? 'live' : 'sandbox' }
}

export function epayDriver(): 'live' | 'sandbox' {
  return epayConf() ? 'live' : 'sandbox'
}

/** Adds what the provider said (or what we did about it) to the payment's log. */
export async function appendLog(db: TDb | TTx, paymentId: string, entry: Record<string, unknown>): Promise<void> {
  const row = JSON.stringify([{ at: new Date().toISOString(), ...entry }])
  await db.$executeRaw`UPDATE billing_payments SET log = log || ${row}::jsonb WHERE id = ${paymentId}::uuid`
}

/**
 * Starts a card payment of what the balance does not cover: a payment attempt with a
 * fresh invoice id, the order pending, then (outside the transaction) a token from Epay
 * and what the browser needs to open the payment page. A failed token request leaves the
 * order pending with a reason the person can read, and answers 503 to try again.
 */
export async function startEpayPayment(userId: string, orderId: string, input: TStartEpayInput): Promise<TEpayStartView> {
  const cfg = useConfig()
  if (cfg.REGION !== 'kz') throw billingConflict('card_payments_unavailable', 'Card payments are not available on this site yet.')
  const db = useDb()
  const payment = await db.$transaction(async (tx) => {
    const order = await assertOrderAccess(userId, await lockOrder(tx, orderId))
    assertPayable(order)
    await assertLinesCurrent(tx, orderId)
    const cardMinor = order.totalMinor - order.balanceMinor
    if (cardMinor <= 0) throw billingConflict('nothing_to_pay_by_card', 'Your balance covers this order: pay it from the balance.')
    const p = await tx.payment.create({ data: { orderId, provider: 'epay', amountMinor: cardMinor, currency: order.currency } })
    await moveOrder(tx, order, 'pending', 'Waiting for the card payment', { data: { invoiceId: invoiceIdOf(p) } })
    return p
  })
  const invoiceId = invoiceIdOf(payment)
  const origin = cfg.PUBLIC_URL.replace(/\/+$/, '')
  const links = {
    postLink: `${origin}/api/billing/epay/postlink`,
    failurePostLink: `${origin}/api/billing/epay/failure`,
    backLink: `${origin}${input.backPath}`,
    failureBackLink: `${origin}${input.failurePath}`,
  }
  const secretHash = secretHashFor(invoiceId)
  const description = `Dogovor24 order ${orderId.slice(0, 8)}`
  const gw = gateway()
  try {
    const auth = await gw.c.paymentToken({ invoiceId, amountMinor: payment.amountMinor, currency: payment.currency, secretHash, ...links })
    await appendLog(db, payment.id, { op: 'token', driver: gw.driver, ok: true, expiresIn: auth.expires_in })
    if (gw.driver === 'sandbox') {
      return { driver: 'sandbox', orderId, invoiceId, scriptUrl: null, paymentObject: null, redirectUrl: `${localizedPath(`/billing/pay/${invoiceId}`, input.language)}?${new URLSearchParams({ back: input.backPath, failure: input.failurePath })}` }
    }
    const paymentObject = buildPaymentObject({
      invoiceId,
      ...links,
      language: epayLanguage(input.language),
      description,
      terminal: gw.terminal,
      amountMinor: payment.amountMinor,
      currency: payment.currency,
      auth,
    })
    return { driver: 'live', orderId, invoiceId, scriptUrl: cfg.EPAY_SCRIPT_URL ?? DEFAULT_SCRIPT_URL, paymentObject: paymentObject as unknown as Record<string, unknown>, redirectUrl: null }
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e)
    log.warn('token request failed', { orderId, invoiceId, err: message })
    await appendLog(db, payment.id, { op: 'token', driver: gw.driver, ok: false, error: message })
    await db.order.update({ where: { id: orderId }, data: { statusReason: 'The payment service did not answer. Try again in a minute.' } })
    throw new AppError('UNAVAILABLE', 'The payment service did not answer. Try again in a minute.', { messageKey: 'errors.billing.provider_unavailable', retryAfter: 60 })
  }
}

async function providerStatus(invoiceId: string): Promise<TEpayStatus & { terminal: string }> {
  const gw = gateway()
  return { ...(await gw.c.status(invoiceId)), terminal: gw.terminal }
}

/** Callbacks for one order queue on its row lock: wait for a connection and the lock longer than Prisma's 2 s default. */
const SETTLE_TX = { maxWait: 10_000, timeout: 15_000 }

export type TCallbackOutcome = 'paid' | 'already_paid' | 'failed' | 'ignored' | 'pending'

/**
 * Epay's postLink (success) or failurePostLink (failure) callback. Nothing in it is
 * trusted as it comes: the echoed secret must be ours, amount and currency must be this
 * payment's, and a success is confirmed by asking Epay's status API before anything
 * moves. Then, with the order row locked, a payment is settled at most once: a repeated
 * callback finds it settled, a late failure never takes a paid order back.
 */
export async function handleEpayCallback(body: unknown, kind: 'success' | 'failure'): Promise<{ outcome: TCallbackOutcome }> {
  const parsed = ZEpayCallbackSchema.safeParse(body)
  if (!parsed.success) {
    log.warn('callback refused: not an Epay callback', { kind })
    throw new AppError('VALIDATION', 'Not an Epay callback.', { messageKey: 'errors.billing.bad_callback' })
  }
  const cb = parsed.data
  const seq = seqOfInvoice(cb.invoiceId)
  const db = useDb()
  const payment = seq === null ? null : await db.payment.findUnique({ where: { seq } })
  if (!payment || payment.provider !== 'epay') {
    log.warn('callback for an unknown invoice', { invoiceId: cb.invoiceId, kind })
    throw invoiceNotFound()
  }
  const invoiceId = invoiceIdOf(payment)
  const refuse = async (why: string) => {
    log.warn('callback refused', { invoiceId, kind, why })
    await appendLog(db, payment.id, { op: `callback:${kind}`, refused: why, code: cb.code })
    return new AppError('BAD_REQUEST', `Callback refused: ${why}.`, { messageKey: 'errors.billing.callback_refused', params: { why } })
  }
  if (!sameSecret(cb.secret_hash, secretHashFor(invoiceId))) throw await refuse('secret_hash does not match')
  if (cb.amount !== undefined && cb.amount !== null && fromWireAmount(cb.amount) !== payment.amountMinor) throw await refuse('amount does not match the payment')
  if (cb.currency && cb.currency !== payment.currency) throw await refuse('currency does not match the payment')

  const success = kind === 'success' && isCallbackSuccess(cb)
  if (!success) return recordFailure(payment.id, cb.reason || cb.reasonCode || 'The card payment was declined.', { callback: kind, code: cb.code, reasonCode: cb.reasonCode })
  // A repeat of a callback that was settled already: nothing to ask or lock.
  if (payment.status === 'succeeded') return { outcome: 'already_paid' }
  // Repeats arriving together wait for the first instead of each asking Epay and queueing
  // on the order's row lock with a pooled connection held (100 at once exhausted the
  // pool). Across processes the row lock alone keeps it to one settlement.
  const running = confirming.get(payment.id)
  if (running) {
    const r = await running
    return { outcome: r.outcome === 'paid' ? 'already_paid' : r.outcome }
  }
  const work = confirmSuccess(payment.id, invoiceId)
  confirming.set(payment.id, work)
  try {
    return await work
  } finally {
    confirming.delete(payment.id)
  }
}

const confirming = new Map<string, Promise<{ outcome: TCallbackOutcome }>>()

/** A success callback is only a claim: Epay's status API says whether the money moved. */
async function confirmSuccess(paymentId: string, invoiceId: string): Promise<{ outcome: TCallbackOutcome }> {
  let status: Awaited<ReturnType<typeof providerStatus>>
  try {
    status = await providerStatus(invoiceId)
  } catch (e) {
    // Epay retries a callback that was not answered 200; the reconciliation job also asks again.
    await appendLog(useDb(), paymentId, { op: 'status', ok: false, error: e instanceof Error ? e.message : String(e) })
    throw new AppError('UNAVAILABLE', 'Could not confirm the payment with Epay yet.', { messageKey: 'errors.billing.provider_unavailable', retryAfter: 30 })
  }
  return applyStatus(paymentId, status, 'callback')
}

/**
 * Acts on what Epay's status API says of a payment: settles it when the money moved and
 * matches, fails it when Epay says it will not happen, leaves it pending otherwise.
 */
async function applyStatus(paymentId: string, status: TEpayStatus & { terminal: string }, via: 'callback' | 'reconcile'): Promise<{ outcome: TCallbackOutcome }> {
  const db = useDb()
  const tr = status.transaction
  const logEntry = { op: `status:${via}`, resultCode: status.resultCode, statusName: tr?.statusName ?? null, transactionId: tr?.id ?? null }
  return db.$transaction(async (tx) => {
    const { payment, order } = await lockedPayment(tx, paymentId)
    await appendLog(tx, payment.id, logEntry)
    if (!status.found || !tr) return { outcome: 'pending' as const }
    if (tr.amountMinor !== payment.amountMinor || tr.currency !== payment.currency || tr.terminal !== status.terminal) {
      log.error('status answer does not match the payment', { paymentId, invoiceId: invoiceIdOf(payment) })
      await appendLog(tx, payment.id, { op: 'mismatch', amountMinor: tr.amountMinor, currency: tr.currency, terminal: tr.terminal })
      return { outcome: 'ignored' as const }
    }
    if (PAID_STATUSES.has(tr.statusName)) {
      if (payment.status === 'succeeded') return { outcome: 'already_paid' as const }
      await tx.payment.update({ where: { id: payment.id }, data: { status: 'succeeded', transactionId: tr.id, cardMask: tr.cardMask ?? null, reason: null } })
      const r = await settlePaid(tx, order, { reason: `Paid by card${tr.cardMask ? ` ${tr.cardMask}` : ''} (Epay)`, cardMinor: payment.amountMinor, data: { invoiceId: invoiceIdOf(payment), transactionId: tr.id } as Prisma.InputJsonValue })
      if (r === 'already') {
        // Another attempt of this order was paid first (two tabs, a retried page): this
        // card payment went through too, so its money goes to the person's balance.
        await transfer(tx, { key: `payment:${payment.id}:surplus`, reason: 'topup', from: 'platform:card', to: payerAccount(order), currency: payment.currency as TCurrency, amountMinor: payment.amountMinor, orderId: order.id })
        await appendLog(tx, payment.id, { op: 'surplus', note: 'order already paid by another attempt; credited to the balance' })
        return { outcome: 'already_paid' as const }
      }
      return { outcome: r === 'paid' ? ('paid' as const) : ('failed' as const) }
    }
    if (FAILED_STATUSES.has(tr.statusName)) return failInTx(tx, payment, `The card payment did not go through (${tr.statusName}).`, { statusName: tr.statusName })
    return { outcome: 'pending' as const }
  }, SETTLE_TX)
}

async function recordFailure(paymentId: string, reason: string, data: Record<string, unknown>): Promise<{ outcome: TCallbackOutcome }> {
  return useDb().$transaction(async (tx) => {
    const { payment } = await lockedPayment(tx, paymentId)
    await appendLog(tx, payment.id, { op: 'failure', reason, ...data })
    return failInTx(tx, payment, reason, data)
  }, SETTLE_TX)
}

/**
 * The payment and its order with the order's row locked, the payment read after the lock:
 * whatever another callback settled while this one waited is seen.
 */
async function lockedPayment(tx: TTx, paymentId: string): Promise<{ payment: Payment; order: NonNullable<Awaited<ReturnType<typeof lockOrder>>> }> {
  const { orderId } = await tx.payment.findUniqueOrThrow({ where: { id: paymentId }, select: { orderId: true } })
  const order = await lockOrder(tx, orderId)
  if (!order) throw orderNotFound()
  return { payment: await tx.payment.findUniqueOrThrow({ where: { id: paymentId } }), order }
}

/** A failed attempt fails its order only while that order waits for this very attempt; a paid order stays paid. */
async function failInTx(tx: TTx, payment: Payment, reason: string, data: Record<string, unknown>): Promise<{ outcome: TCallbackOutcome }> {
  if (payment.status === 'succeeded') return { outcome: 'ignored' }
  if (payment.status === 'pending') await tx.payment.update({ where: { id: payment.id }, data: { status: 'failed', reason: reason.slice(0, 500) } })
  const order = await tx.order.findUniqueOrThrow({ where: { id: payment.orderId } })
  const newer = await tx.payment.count({ where: { orderId: order.id, seq: { gt: payment.seq } } })
  if (order.status !== 'pending' || newer > 0) return { outcome: 'ignored' }
  await moveOrder(tx, order, 'failed', reason, { data: { invoiceId: invoiceIdOf(payment), ...data } as Prisma.InputJsonValue })
  return { outcome: 'failed' }
}

/** Payments waiting longer than this are asked about by the reconciliation job. */
export const RECONCILE_AFTER_MS = 2 * 60 * 1000
/** A payment Epay still does not know after this long is given up (the order fails, can be paid again). */
export const GIVE_UP_AFTER_MS = 60 * 60 * 1000

/**
 * The reconciliation job: asks Epay about payments stuck pending (a lost callback, a
 * provider outage during the callback) and settles them as the callback would have.
 */
export async function reconcilePendingPayments(now = new Date(), limit = 100): Promise<{ checked: number; settled: number; failed: number }> {
  const db = useDb()
  const stuck = await db.payment.findMany({
    where: { provider: 'epay', status: 'pending', createdAt: { lt: new Date(now.getTime() - RECONCILE_AFTER_MS) } },
    orderBy: { createdAt: 'asc' },
    take: limit,
  })
  let settled = 0
  let failed = 0
  for (const p of stuck) {
    try {
      const status = await providerStatus(invoiceIdOf(p))
      const r = await applyStatus(p.id, status, 'reconcile')
      if (r.outcome === 'paid') settled++
      if (r.outcome === 'pending' && now.getTime() - p.createdAt.getTime() > GIVE_UP_AFTER_MS) {
        const g = await recordFailure(p.id, 'No payment arrived for this attempt; you can pay again.', { gaveUp: true })
        if (g.outcome === 'failed') failed++
      } else if (r.outcome === 'failed') failed++
    } catch (e) {
      log.warn('reconcile: status check failed; next run retries', { paymentId: p.id, err: e instanceof Error ? e.message : String(e) })
    }
  }
  return { checked: stuck.length, settled, failed }
}

/** What the sandbox payment page shows: the amount and what it pays for. Only those who may pay the order see it. */
export async function sandboxInvoice(userId: string, invoiceId: string): Promise<{ invoiceId: string; orderId: string; amountMinor: number; currency: string; status: 'pending' | 'succeeded' | 'failed' }> {
  if (epayDriver() !== 'sandbox') throw invoiceNotFound()
  const seq = seqOfInvoice(invoiceId)
  const p = seq === null ? null : await useDb().payment.findUnique({ where: { seq }, include: { order: { select: { userId: true, workspaceId: true } } } })
  if (!p) throw invoiceNotFound()
  try {
    await assertOrderAccess(userId, p.order)
  } catch {
    throw invoiceNotFound()
  }
  return { invoiceId, orderId: p.orderId, amountMinor: p.amountMinor, currency: p.currency, status: p.status }
}

/**
 * The sandbox payment page's "Pay": the sandbox Epay records the outcome and we receive
 * its callback over HTTP on our postLink (or failurePostLink), exactly as from Epay,
 * before the browser is sent back.
 */
export async function payInSandbox(
  userId: string,
  invoiceId: string,
  input: TSandboxPayInput,
): Promise<{ outcome: TEpayPayOutcome; callbackStatus: number; redirectPath: string }> {
  const inv = await sandboxInvoice(userId, invoiceId)
  if (inv.status !== 'pending') throw billingConflict('invoice_closed', 'This payment is finished already.')
  if (input.cardNumber === SANDBOX_CARDS.secure3d && !input.code3ds) {
    throw new AppError('VALIDATION', 'Enter the 3-D Secure code sent to you.', { messageKey: 'errors.billing.code3ds_required', fields: [{ path: 'body.code3ds', message: 'Enter the 3-D Secure code', code: 'code3ds_required' }] })
  }
  const outcome: TEpayPayOutcome = input.cardNumber === SANDBOX_CARDS.decline ? 'decline' : 'success'
  const cardMask = `${input.cardNumber.slice(0, 6)}******${input.cardNumber.slice(-4)}`
  let delivery
  try {
    delivery = sandboxEmulator().pay(invoiceId, outcome, { cardMask, reason: outcome === 'decline' ? 'Insufficient funds (sandbox test card)' : undefined })
  } catch (e) {
    throw billingConflict('invoice_closed', e instanceof Error ? e.message : 'This payment cannot be made again.')
  }
  const res = await fetch(delivery.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(delivery.body), signal: AbortSignal.timeout(15_000) })
  await res.arrayBuffer()
  return { outcome, callbackStatus: res.status, redirectPath: outcome === 'decline' ? input.failurePath : input.backPath }
}
