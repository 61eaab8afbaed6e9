import type { Job } from 'bullmq'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { resetConfigForTests } from '../../server/lib/config'
import { useDb } from '../../server/lib/db'
import type { TEventName } from '../../server/events'
import { createEventProcessor } from '../../server/events/consume'
import { LISTENER_MODULES } from '../../server/workers/listeners'
import { listeners as billingListeners } from '../../server/domains/billing'
import { can, consume, quotePlan, runDue, userSubject } from '../../server/domains/subscription'
import { downloadDocument } from '../../server/domains/document'
import { ensurePersonalWorkspace } from '../../server/domains/workspace'
import { activeUser, call, setupAuthTest, type TAuthTestEnv } from '../helpers/auth'
import { leaseBody, leaseQuestionnaire } from '../helpers/lease-template'
import { validBin } from '../helpers/identity'

// Plans bought through billing orders, trials, renewals and expiry on a clock the test
// moves (runDue(now)), upgrades with proration, and the entitlement check other domains use.
let t: TAuthTestEnv
let base: string
type TUser = Awaited<ReturnType<typeof activeUser>>
const DAY = 24 * 3600 * 1000

beforeAll(async () => {
  t = await setupAuthTest('subscriptions', 'kz', ['auth', 'billing', 'subscription', 'document', 'admin', 'workspace'])
  base = t.app.url
  process.env.BILLING_WELCOME_BONUS_MINOR = '1000000' // 10,000 ₸: two months of Start (4,900 ₸)
  resetConfigForTests()
})

afterAll(async () => {
  delete process.env.BILLING_WELCOME_BONUS_MINOR
  await t?.teardown()
})

async function bonus(u: TUser): Promise<void> {
  await useDb().$transaction((tx) =>
    billingListeners.handlers.UserActivated!({ userId: u.userId, email: null, phone: null, locale: 'ru' }, { eventId: `e-${u.userId}`, name: 'UserActivated', version: 1, publisher: 'auth', publishedAt: new Date(), attempt: 1, tx }),
  )
}

/** Runs one domain's listeners over the outbox's events of one name, as the worker does (receipts make a repeat harmless). */
async function deliver(domain: 'billing' | 'subscription' | 'document' | 'notification', name: TEventName): Promise<void> {
  const db = useDb()
  const process = createEventProcessor(domain, LISTENER_MODULES, db)
  const rows = await db.$queryRaw<{ id: string; name: string; version: number; payload: unknown; publisher: string; created_at: Date }[]>`
    SELECT id::text, name, version, payload, publisher, created_at FROM event_outbox WHERE name = ${name} ORDER BY created_at`
  for (const r of rows) {
    await process({ name: r.name, data: { id: r.id, name: r.name, version: r.version, payload: r.payload, publisher: r.publisher, publishedAt: r.created_at.toISOString() }, attemptsMade: 0 } as unknown as Job)
  }
}

/** Everything a paid order sets off: renewal orders, then OrderPaid to subscription and document. */
async function settle(): Promise<void> {
  await deliver('billing', 'SubscriptionRenewalDue')
  await deliver('subscription', 'OrderPaid')
  await deliver('document', 'OrderPaid')
}

/** Money on the person's balance as a card top-up would put it (a ledger transfer with its two entries). */
async function credit(u: TUser, minor: number): Promise<void> {
  const db = useDb()
  const key = `test-credit:${u.userId}:${Date.now()}:${Math.random()}`
  const tr = await db.ledgerTransfer.create({ data: { key, reason: 'topup' } })
  await db.ledgerEntry.createMany({ data: [{ transferId: tr.id, account: `user:${u.userId}`, currency: 'KZT', amountMinor: minor }, { transferId: tr.id, account: 'platform:card', currency: 'KZT', amountMinor: -minor }] })
}

const current = async (u: TUser) => (await call(base, 'GET', '/api/subscription/current', { token: u.accessToken })).body
const provides = async (userId: string) =>
  (await useDb().$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n FROM event_outbox WHERE name = 'SubscriptionProvide' AND payload->>'userId' = ${userId}`)[0]!.n

async function buyFromBalance(u: TUser, planCode: string): Promise<{ id: string; totalMinor: number }> {
  const order = await call(base, 'POST', '/api/billing/orders', { token: u.accessToken, body: { lines: [{ kind: 'subscription', planCode }] } })
  expect(order.status, JSON.stringify(order.body)).toBe(201)
  const set = await useDb().order.update({ where: { id: order.body.id }, data: { balanceMinor: order.body.totalMinor } })
  const paid = await call(base, 'POST', `/api/billing/orders/${set.id}/pay-balance`, { token: u.accessToken })
  expect(paid.status, JSON.stringify(paid.body)).toBe(200)
  await settle()
  return { id: order.body.id, totalMinor: order.body.totalMinor }
}

describe('plans and trials', () => {
  it('lists the region’s plans in its currency; a trial is given once per person', async () => {
    const plans = await call(base, 'GET', '/api/subscription/plans')
    expect(plans.status).toBe(200)
    expect(plans.body.currency).toBe('KZT')
    expect(plans.body.plans.map((p: { code: string }) => p.code)).toContain('start-month')

    const u = await activeUser(base)
    expect((await current(u)).trialAvailable).toBe(true)
    const trial = await call(base, 'POST', '/api/subscription/trial', { token: u.accessToken, body: { planCode: 'pro-month' } })
    expect(trial.status, JSON.stringify(trial.body)).toBe(201)
    expect(trial.body).toMatchObject({ status: 'trialing', trial: true, planCode: 'pro-month' })
    expect(new Date(trial.body.currentPeriodEnd).getTime() - new Date(trial.body.currentPeriodStart).getTime()).toBe(7 * DAY)
    expect(await provides(u.userId)).toBe(1)
    const again = await call(base, 'POST', '/api/subscription/trial', { token: u.accessToken, body: { planCode: 'start-month' } })
    expect(again.status).toBe(409)
    expect((await current(u)).trialAvailable).toBe(false)
    // A plan without trial days, an unknown plan.
    const v = await activeUser(base)
    expect((await call(base, 'POST', '/api/subscription/trial', { token: v.accessToken, body: { planCode: 'pro-year' } })).status).toBe(409)
    const unknown = await call(base, 'POST', '/api/subscription/trial', { token: v.accessToken, body: { planCode: 'gold-month' } })
    expect(unknown.status).toBe(400)
    expect(unknown.body.error.fields[0].code).toBe('unknown_plan')
  })

  it('two trials at once: exactly one starts', async () => {
    const u = await activeUser(base)
    const answers = await Promise.all(Array.from({ length: 6 }, () => call(base, 'POST', '/api/subscription/trial', { token: u.accessToken, body: { planCode: 'start-month' } })))
    expect(answers.map((a) => a.status).sort()).toEqual([201, 409, 409, 409, 409, 409])
    expect(await useDb().subscription.count({ where: { userId: u.userId } })).toBe(1)
  })
})

describe('buying, entitlements and the download they unlock', () => {
  it('a plan bought from the balance starts when OrderPaid reaches subscription; its downloads are counted once per document', async () => {
    const u = await activeUser(base)
    await bonus(u)
    expect((await can(userSubject(u.userId), 'documents.download')).ok).toBe(false)
    const order = await buyFromBalance(u, 'start-month')
    expect(order.totalMinor).toBe(490_000)
    const c = await current(u)
    expect(c.subscription).toMatchObject({ status: 'active', planCode: 'start-month', trial: false, priceMinor: 490_000 })
    expect(await provides(u.userId)).toBe(1)
    // OrderPaid delivered again: still one subscription, one SubscriptionProvide.
    await settle()
    expect(await useDb().subscription.count({ where: { userId: u.userId } })).toBe(1)
    expect(await provides(u.userId)).toBe(1)
    // Buying the same plan again is refused before any money moves.
    const same = await call(base, 'POST', '/api/billing/orders', { token: u.accessToken, body: { lines: [{ kind: 'subscription', planCode: 'start-month' }] } })
    expect(same.status).toBe(409)
    expect(same.body.error.params.reason).toBe('already_subscribed')

    // Five downloads a month; twelve racing uses of distinct documents: exactly five pass.
    const s = userSubject(u.userId)
    const results = await Promise.all(Array.from({ length: 12 }, (_, i) => useDb().$transaction((tx) => consume(tx, s, 'documents.download', { ref: `doc-${i}` }))))
    expect(results.filter((r) => r.ok)).toHaveLength(5)
    expect(results.filter((r) => !r.ok).every((r) => !r.ok && r.reason === 'limit_reached')).toBe(true)
    // A document already counted this period is free to fetch again.
    const okRef = results.findIndex((r) => r.ok)
    expect((await useDb().$transaction((tx) => consume(tx, s, 'documents.download', { ref: `doc-${okRef}` }))).ok).toBe(true)
    expect((await current(u)).usage).toContainEqual({ key: 'documents.download', used: 5, limit: 5 })
  })

  it('a paid document downloads on a plan: one use, unlocked for good; without uses left it is refused', async () => {
    const lawyer = await activeUser(base)
    await useDb().user.update({ where: { id: lawyer.userId }, data: { roles: ['user', 'lawyer'] } })
    const tpl = await call(base, 'POST', '/api/document/templates', {
      token: lawyer.accessToken,
      body: { title: { ru: 'Договор аренды', kk: 'Жалға алу шарты' }, bilingual: true, body: leaseBody, questionnaire: leaseQuestionnaire, priceMinor: 150_000, currency: 'KZT' },
    })
    expect(tpl.status, JSON.stringify(tpl.body)).toBe(201)
    expect((await call(base, 'POST', `/api/document/templates/${tpl.body.id}/publish`, { token: lawyer.accessToken })).status).toBe(201)
    const u = await activeUser(base)
    const filling = async () => {
      const f = await call(base, 'POST', '/api/document/fillings', { token: u.accessToken, body: { templateId: tpl.body.id } })
      expect(f.status).toBe(201)
      const doc = await useDb().generatedDocument.create({ data: { fillingId: f.body.id, format: 'pdf', fileName: 'lease.pdf', status: 'ready', s3Key: `test/${f.body.id}.pdf` } })
      return { fillingId: f.body.id as string, docId: doc.id }
    }
    const first = await filling()
    await expect(downloadDocument(u.userId, first.fillingId, first.docId)).rejects.toMatchObject({ code: 'FORBIDDEN' })

    await bonus(u)
    await buyFromBalance(u, 'start-month')
    const got = await downloadDocument(u.userId, first.fillingId, first.docId)
    expect(got.url).toContain(first.fillingId)
    expect((await useDb().filling.findUniqueOrThrow({ where: { id: first.fillingId } })).paidAt).not.toBeNull()
    await downloadDocument(u.userId, first.fillingId, first.docId)
    expect((await current(u)).usage).toContainEqual({ key: 'documents.download', used: 1, limit: 5 })

    const others = [await filling(), await filling(), await filling(), await filling(), await filling()]
    for (const o of others.slice(0, 4)) await downloadDocument(u.userId, o.fillingId, o.docId)
    await expect(downloadDocument(u.userId, others[4]!.fillingId, others[4]!.docId)).rejects.toMatchObject({ code: 'FORBIDDEN' })
    expect((await useDb().filling.findUniqueOrThrow({ where: { id: others[4]!.fillingId } })).paidAt).toBeNull()
  })
})

describe('upgrades and plan changes', () => {
  it('an upgrade credits the unused share of the paid period and starts the new plan now', async () => {
    const u = await activeUser(base)
    await bonus(u)
    await buyFromBalance(u, 'start-month')
    const sub = await useDb().subscription.findFirstOrThrow({ where: { userId: u.userId } })
    const length = sub.currentPeriodEnd.getTime() - sub.currentPeriodStart.getTime()
    const half = new Date(sub.currentPeriodStart.getTime() + length / 2)
    const q = await quotePlan(userSubject(u.userId), 'pro-month', half)
    expect(q).toMatchObject({ kind: 'upgrade', priceMinor: 1_490_000, creditMinor: 245_000, amountMinor: 1_245_000 })
    // A lower plan is not bought now, it is chosen for the next period.
    expect((await call(base, 'POST', '/api/subscription/quote', { token: u.accessToken, body: { planCode: 'start-month' } })).status).toBe(409)

    const order = await call(base, 'POST', '/api/billing/orders', { token: u.accessToken, body: { lines: [{ kind: 'subscription', planCode: 'pro-month' }] } })
    expect(order.status).toBe(201)
    expect(order.body.lines[0]).toMatchObject({ kind: 'subscription', amountMinor: order.body.totalMinor })
    // Moments of the period are used: almost all of the 4,900 ₸ is credited.
    expect(order.body.totalMinor).toBeLessThan(1_490_000 - 489_000)
    expect(order.body.totalMinor).toBeGreaterThanOrEqual(1_490_000 - 490_000)
    await useDb().order.update({ where: { id: order.body.id }, data: { balanceMinor: order.body.totalMinor } })
    // 5,100 ₸ left on the balance does not cover it: refused, nothing changes.
    expect((await call(base, 'POST', `/api/billing/orders/${order.body.id}/pay-balance`, { token: u.accessToken })).status).toBe(400)
    expect((await current(u)).subscription.planCode).toBe('start-month')
    await useDb().$transaction((tx) => consume(tx, userSubject(u.userId), 'documents.download', { ref: 'before-upgrade' }))

    await credit(u, 1_000_000)
    // Priced more than a day ago, the credit is out of date: refused until priced again.
    // (The person's checkouts are moved 25 hours into the past together, as if the order had waited that long.)
    const shift = (hours: number) => useDb().$executeRaw`UPDATE subscription_checkouts SET created_at = created_at + make_interval(hours => ${hours}::int), applied_at = applied_at + make_interval(hours => ${hours}::int) WHERE user_id = ${u.userId}::uuid`
    await shift(-25)
    const old = await call(base, 'POST', `/api/billing/orders/${order.body.id}/pay-balance`, { token: u.accessToken })
    expect(old.status).toBe(409)
    expect(old.body.error.params.reason).toBe('quote_expired')
    await shift(25)
    expect((await call(base, 'POST', `/api/billing/orders/${order.body.id}/pay-balance`, { token: u.accessToken })).status).toBe(200)
    await settle()
    const after = await current(u)
    expect(after.subscription).toMatchObject({ status: 'active', planCode: 'pro-month', priceMinor: 1_490_000 })
    expect(new Date(after.subscription.currentPeriodStart).getTime()).toBeGreaterThan(sub.currentPeriodStart.getTime())
    // A fresh period on the new plan: its limits and no use yet.
    expect(after.usage).toContainEqual({ key: 'documents.download', used: 0, limit: 30 })
    expect(after.history[0]).toMatchObject({ kind: 'upgraded', data: { from: 'start-month', plan: 'pro-month' } })
    expect(await useDb().subscription.count({ where: { userId: u.userId } })).toBe(1)
  })

  it('a lower plan is chosen for the next period and taken at renewal; cancel and resume', async () => {
    const u = await activeUser(base)
    await credit(u, 1_490_000)
    await buyFromBalance(u, 'pro-month')
    const up = await call(base, 'POST', '/api/subscription/next-plan', { token: u.accessToken, body: { planCode: 'business-year' } })
    expect(up.status).toBe(409) // higher: bought now, not scheduled
    const down = await call(base, 'POST', '/api/subscription/next-plan', { token: u.accessToken, body: { planCode: 'start-month' } })
    expect(down.body).toMatchObject({ planCode: 'pro-month', nextPlanCode: 'start-month' })
    const cancel = await call(base, 'POST', '/api/subscription/cancel', { token: u.accessToken })
    expect(cancel.body).toMatchObject({ status: 'active', cancelAtPeriodEnd: true })
    const resume = await call(base, 'POST', '/api/subscription/resume', { token: u.accessToken })
    expect(resume.body).toMatchObject({ cancelAtPeriodEnd: false, nextPlanCode: 'start-month' })

    await credit(u, 490_000)
    const sub = await useDb().subscription.findFirstOrThrow({ where: { userId: u.userId } })
    await runDue(new Date(sub.currentPeriodEnd.getTime() + 1000))
    await settle()
    const renewed = await useDb().subscription.findUniqueOrThrow({ where: { id: sub.id } })
    expect(renewed).toMatchObject({ status: 'active', planCode: 'start-month', priceMinor: 490_000, nextPlanCode: null })
    expect(renewed.currentPeriodStart.toISOString()).toBe(sub.currentPeriodEnd.toISOString())
  })
})

describe('a refund takes the plan back', () => {
  it('a plan refunded in full ends now; its money is back on the balance', async () => {
    const admin = await activeUser(base)
    await useDb().user.update({ where: { id: admin.userId }, data: { roles: ['user', 'admin'] } })
    const u = await activeUser(base)
    await bonus(u)
    const order = await buyFromBalance(u, 'start-month')
    expect((await current(u)).subscription.status).toBe('active')
    const refund = await call(base, 'POST', `/api/admin/billing/orders/${order.id}/refund`, { token: admin.accessToken, body: { reason: 'Asked to cancel on the first day' } })
    expect(refund.status, JSON.stringify(refund.body)).toBe(200)
    await deliver('subscription', 'OrderRefunded')
    const after = await current(u)
    expect(after.subscription.status).toBe('expired')
    expect(after.history[0]).toMatchObject({ kind: 'refunded', data: { ended: true } })
    expect((await can(userSubject(u.userId), 'documents.download')).ok).toBe(false)
    expect((await call(base, 'GET', '/api/billing/balance', { token: u.accessToken })).body.balanceMinor).toBe(1_000_000)
  })
})

describe('renewal, grace and expiry on a moving clock', () => {
  it('renews from the balance at the period’s end, then (balance spent) waits in grace and expires; a repeated run changes nothing', async () => {
    const u = await activeUser(base)
    await bonus(u) // 10,000 ₸
    await buyFromBalance(u, 'start-month') // 5,100 ₸ left: one renewal
    const first = await useDb().subscription.findFirstOrThrow({ where: { userId: u.userId } })

    const afterFirst = new Date(first.currentPeriodEnd.getTime() + 60_000)
    const r1 = await runDue(afterFirst)
    expect(r1.renewalsDue).toBeGreaterThanOrEqual(1)
    expect((await useDb().subscription.findUniqueOrThrow({ where: { id: first.id } })).status).toBe('past_due')
    await settle()
    const renewed = await useDb().subscription.findUniqueOrThrow({ where: { id: first.id } })
    expect(renewed.status).toBe('active')
    expect(renewed.currentPeriodStart.toISOString()).toBe(first.currentPeriodEnd.toISOString())
    expect((await call(base, 'GET', '/api/billing/balance', { token: u.accessToken })).body.balanceMinor).toBe(20_000)
    expect(await provides(u.userId)).toBe(2)
    expect(await runDue(afterFirst)).toEqual({ renewalsDue: 0, ended: 0, expired: 0 })

    // The next period ends with 200 ₸ on the balance: the renewal order waits to be paid, the plan is past due but still works.
    const afterSecond = new Date(renewed.currentPeriodEnd.getTime() + 60_000)
    await runDue(afterSecond)
    await settle()
    const due = await useDb().subscription.findUniqueOrThrow({ where: { id: first.id } })
    expect(due.status).toBe('past_due')
    expect(due.graceUntil!.getTime()).toBe(renewed.currentPeriodEnd.getTime() + 3 * DAY)
    const waiting = await call(base, 'GET', '/api/billing/orders', { token: u.accessToken })
    const open = waiting.body.items.filter((o: { status: string }) => o.status === 'created')
    expect(open).toHaveLength(1)
    expect(open[0]).toMatchObject({ totalMinor: 490_000, statusReason: 'Pay this order to renew your plan.' })
    expect((await can(userSubject(u.userId), 'documents.download')).ok).toBe(true)

    await runDue(new Date(due.graceUntil!.getTime() + 1000))
    const expired = await useDb().subscription.findUniqueOrThrow({ where: { id: first.id } })
    expect(expired.status).toBe('expired')
    expect((await can(userSubject(u.userId), 'documents.download')).ok).toBe(false)
    expect((await current(u)).subscription.status).toBe('expired')
  })

  it('a trial ends asking to pay (the balance is not spent unasked); a cancelled plan ends with its period', async () => {
    const u = await activeUser(base)
    await bonus(u)
    await useDb().user.update({ where: { id: u.userId }, data: { locale: 'kk' } })
    const trial = await call(base, 'POST', '/api/subscription/trial', { token: u.accessToken, body: { planCode: 'start-month' } })
    const end = new Date(trial.body.currentPeriodEnd)
    await runDue(new Date(end.getTime() + 1000))
    await settle()
    expect((await useDb().subscription.findUniqueOrThrow({ where: { id: trial.body.id } })).status).toBe('past_due')
    expect((await call(base, 'GET', '/api/billing/balance', { token: u.accessToken })).body.balanceMinor).toBe(1_000_000)
    const open = (await call(base, 'GET', '/api/billing/orders', { token: u.accessToken })).body.items.filter((o: { status: string }) => o.status === 'created')
    expect(open).toHaveLength(1)
    // The renewal's order is written in the holder's language (Kazakh here).
    expect((await call(base, 'GET', `/api/billing/orders/${open[0].id}`, { token: u.accessToken })).body.lines[0].title).toBe('Dogovor24: тарифті ұзарту «Бастапқы», 1 ай')
    // And they are asked to pay it by email, in Kazakh, with the checkout's link and the day the plan stops (delivered twice: one email).
    await deliver('notification', 'OrderPaymentRequested')
    await deliver('notification', 'OrderPaymentRequested')
    const mails = await useDb().integrationOutbox.findMany({ where: { recipient: u.email } })
    const ask = mails.filter((m) => (m.payload as { input: { subject?: string } }).input.subject === 'Тарифті ұзартуды төлеңіз — Dogovor24')
    expect(ask).toHaveLength(1)
    const text = (ask[0]!.payload as { input: { text: string } }).input.text
    expect(text).toContain(`/kk/billing/checkout/${open[0].id}`)
    expect(text).toContain('4\u00a0900\u00a0₸')
    // Paying that order during the grace period renews from the trial's end.
    await useDb().order.update({ where: { id: open[0].id }, data: { balanceMinor: open[0].totalMinor } })
    expect((await call(base, 'POST', `/api/billing/orders/${open[0].id}/pay-balance`, { token: u.accessToken })).status).toBe(200)
    await settle()
    const paid = await useDb().subscription.findUniqueOrThrow({ where: { id: trial.body.id } })
    expect(paid).toMatchObject({ status: 'active', trial: false })
    expect(paid.currentPeriodStart.toISOString()).toBe(end.toISOString())

    // Cancelled: at the period's end it ends, and no renewal order is made.
    expect((await call(base, 'POST', '/api/subscription/cancel', { token: u.accessToken })).status).toBe(200)
    const ordersBefore = await useDb().order.count({ where: { userId: u.userId } })
    await runDue(new Date(paid.currentPeriodEnd.getTime() + 1000))
    await settle()
    expect((await useDb().subscription.findUniqueOrThrow({ where: { id: trial.body.id } })).status).toBe('canceled')
    expect(await useDb().order.count({ where: { userId: u.userId } })).toBe(ordersBefore)
  })
})

describe('stale plan orders', () => {
  it('a renewal left waiting is refused once the plan moved on (an upgrade bought meanwhile), so it cannot take the holder back to the old plan', async () => {
    const u = await activeUser(base)
    const trial = await call(base, 'POST', '/api/subscription/trial', { token: u.accessToken, body: { planCode: 'start-month' } })
    await runDue(new Date(new Date(trial.body.currentPeriodEnd).getTime() + 1000))
    await settle()
    const waiting = (await call(base, 'GET', '/api/billing/orders', { token: u.accessToken })).body.items.find((o: { status: string }) => o.status === 'created')
    expect(waiting).toBeTruthy()
    await credit(u, 1_490_000 + waiting.totalMinor)
    await buyFromBalance(u, 'pro-month')
    expect((await current(u)).subscription).toMatchObject({ planCode: 'pro-month', status: 'active' })
    await useDb().order.update({ where: { id: waiting.id }, data: { balanceMinor: waiting.totalMinor } })
    const stale = await call(base, 'POST', `/api/billing/orders/${waiting.id}/pay-balance`, { token: u.accessToken })
    expect(stale.status).toBe(409)
    expect(stale.body.error.params.reason).toBe('plan_changed')
    expect((await current(u)).subscription).toMatchObject({ planCode: 'pro-month', status: 'active' })
    expect((await call(base, 'GET', '/api/billing/balance', { token: u.accessToken })).body.balanceMinor).toBe(waiting.totalMinor)
  })
})

describe('a company workspace’s plan', () => {
  /** Money on a workspace's balance (a ledger transfer with its two entries). */
  async function creditWorkspace(workspaceId: string, minor: number): Promise<void> {
    const tr = await useDb().ledgerTransfer.create({ data: { key: `test-credit:${workspaceId}:${Math.random()}`, reason: 'topup' } })
    await useDb().ledgerEntry.createMany({ data: [{ transferId: tr.id, account: `workspace:${workspaceId}`, currency: 'KZT', amountMinor: minor }, { transferId: tr.id, account: 'platform:card', currency: 'KZT', amountMinor: -minor }] })
  }
  const balance = async (u: TUser, workspaceId?: string) => call(base, 'GET', `/api/billing/balance${workspaceId ? `?workspaceId=${workspaceId}` : ''}`, { token: u.accessToken })

  it('bought by an admin from the workspace’s balance; its seats cover members in the order they joined; renewed from the workspace’s balance', async () => {
    const owner = await activeUser(base)
    const ws = await call(base, 'POST', '/api/workspace', { token: owner.accessToken, body: { name: 'Seats LLP', bin: validBin() } })
    expect(ws.status, JSON.stringify(ws.body)).toBe(201)
    const wsId: string = ws.body.id
    // Five more people join, one a minute (the Pro plan has 5 seats: the owner and the first four are covered).
    const people: TUser[] = []
    for (let i = 0; i < 5; i++) {
      const p = await activeUser(base)
      await useDb().workspaceMember.create({ data: { workspaceId: wsId, userId: p.userId, role: i === 0 ? 'admin' : 'member', createdAt: new Date(Date.now() + (i + 1) * 60_000) } })
      people.push(p)
    }
    const [admin, member, , , sixth] = people as [TUser, TUser, TUser, TUser, TUser]
    await creditWorkspace(wsId, 2 * 1_490_000) // two months of Pro

    // Only its owners and admins buy for it, and only plans and top-ups.
    const byMember = await call(base, 'POST', '/api/billing/orders', { token: member.accessToken, body: { workspaceId: wsId, lines: [{ kind: 'subscription', planCode: 'pro-month' }] } })
    expect(byMember.status).toBe(403)
    expect(byMember.body.error.params.reason).toBe('company_buyer_required')
    expect((await balance(member, wsId)).status).toBe(403)
    const personal = await ensurePersonalWorkspace(owner.userId)
    expect((await call(base, 'POST', '/api/billing/orders', { token: owner.accessToken, body: { workspaceId: personal.id, lines: [{ kind: 'topup', amountMinor: 100_000 }] } })).status).toBe(403)
    const doc = await call(base, 'POST', '/api/billing/orders', { token: owner.accessToken, body: { workspaceId: wsId, lines: [{ kind: 'document', fillingId: '00000000-0000-4000-8000-000000000000' }] } })
    expect(doc.status).toBe(400)
    expect(doc.body.error.fields[0].code).toBe('document_not_for_company')

    // The admin buys Pro for the workspace, paid wholly from the workspace's balance; the admin's own balance is not touched.
    const order = await call(base, 'POST', '/api/billing/orders', { token: admin.accessToken, body: { workspaceId: wsId, useBalanceMinor: 1_490_000, lines: [{ kind: 'subscription', planCode: 'pro-month' }] } })
    expect(order.status, JSON.stringify(order.body)).toBe(201)
    expect(order.body).toMatchObject({ workspaceId: wsId, totalMinor: 1_490_000, balanceMinor: 1_490_000 })
    expect((await call(base, 'POST', `/api/billing/orders/${order.body.id}/pay-balance`, { token: admin.accessToken })).status).toBe(200)
    await settle()
    expect((await balance(owner, wsId)).body.balanceMinor).toBe(1_490_000)
    // The owner, who did not place it, downloads its receipt; a plain member does not find it.
    const receipt = await fetch(`${base}/api/billing/orders/${order.body.id}/receipt?lang=en`, { headers: { authorization: `Bearer ${owner.accessToken}` } })
    expect(receipt.status).toBe(200)
    expect(Buffer.from(await receipt.arrayBuffer()).subarray(0, 5).toString()).toBe('%PDF-')
    expect((await fetch(`${base}/api/billing/orders/${order.body.id}/receipt`, { headers: { authorization: `Bearer ${member.accessToken}` } })).status).toBe(404)
    expect((await balance(admin)).body.balanceMinor).toBe(0)
    expect((await call(base, 'GET', `/api/billing/orders?workspaceId=${wsId}`, { token: owner.accessToken })).body.items.map((o: { id: string }) => o.id)).toEqual([order.body.id])
    const wsPlan = await call(base, 'GET', `/api/subscription/current?workspaceId=${wsId}`, { token: member.accessToken })
    expect(wsPlan.status).toBe(200)
    expect(wsPlan.body).toMatchObject({ subscription: { status: 'active', planCode: 'pro-month' }, trialAvailable: false })
    const stranger = await activeUser(base)
    expect((await call(base, 'GET', `/api/subscription/current?workspaceId=${wsId}`, { token: stranger.accessToken })).status).toBe(404)

    // Seats: the first five members (owner first) are covered and their use counts against the workspace's plan; the sixth is not.
    expect((await current(member)).coveredBy).toMatchObject({ workspaceId: wsId, planCode: 'pro-month', tier: 'pro' })
    expect(await can(userSubject(member.userId), 'documents.download')).toMatchObject({ ok: true, limit: 30 })
    expect((await useDb().$transaction((tx) => consume(tx, userSubject(member.userId), 'documents.download', { ref: 'ws-doc-1' }))).ok).toBe(true)
    expect((await call(base, 'GET', `/api/subscription/current?workspaceId=${wsId}`, { token: owner.accessToken })).body.usage).toContainEqual({ key: 'documents.download', used: 1, limit: 30 })
    expect((await current(sixth)).coveredBy).toBeNull()
    expect((await can(userSubject(sixth.userId), 'documents.download')).ok).toBe(false)

    // A plan change is its admins' too.
    expect((await call(base, 'POST', '/api/subscription/cancel', { token: member.accessToken, body: { workspaceId: wsId } })).status).toBe(403)

    // Renewal: the workspace's order, paid from the workspace's balance.
    const sub = await useDb().subscription.findFirstOrThrow({ where: { subjectKind: 'workspace', subjectId: wsId } })
    await runDue(new Date(sub.currentPeriodEnd.getTime() + 60_000))
    await settle()
    const renewed = await useDb().subscription.findUniqueOrThrow({ where: { id: sub.id } })
    expect(renewed).toMatchObject({ status: 'active' })
    expect(renewed.currentPeriodStart.toISOString()).toBe(sub.currentPeriodEnd.toISOString())
    expect((await balance(owner, wsId)).body.balanceMinor).toBe(0)
    const renewal = await useDb().order.findFirstOrThrow({ where: { workspaceId: wsId, NOT: { id: order.body.id } } })
    expect(renewal).toMatchObject({ status: 'paid', balanceMinor: 1_490_000 })

    // An admin who lost the role can no longer spend the workspace's money on an order they placed.
    const topup = await call(base, 'POST', '/api/billing/orders', { token: admin.accessToken, body: { workspaceId: wsId, lines: [{ kind: 'topup', amountMinor: 100_000 }] } })
    expect(topup.status).toBe(201)
    await useDb().workspaceMember.update({ where: { workspaceId_userId: { workspaceId: wsId, userId: admin.userId } }, data: { role: 'member' } })
    expect((await call(base, 'POST', `/api/billing/payment/epay/${topup.body.id}`, { token: admin.accessToken, body: { backPath: '/billing', failurePath: '/billing', language: 'ru' } })).status).toBe(403)
    // Another owner or admin may open and pay it; anyone else does not find it.
    expect((await call(base, 'GET', `/api/billing/orders/${topup.body.id}`, { token: owner.accessToken })).body).toMatchObject({ id: topup.body.id, workspaceId: wsId })
    expect((await call(base, 'GET', `/api/billing/orders/${topup.body.id}`, { token: member.accessToken })).status).toBe(404)
    expect((await call(base, 'GET', `/api/billing/orders/${topup.body.id}`, { token: stranger.accessToken })).status).toBe(404)
    // A company order is invoiced to the workspace's own BIN only, and only while the workspace is verified as that company.
    const billable = await call(base, 'POST', '/api/billing/orders', { token: owner.accessToken, body: { workspaceId: wsId, lines: [{ kind: 'topup', amountMinor: 100_000 }] } })
    const wrongBin = await call(base, 'POST', `/api/billing/orders/${billable.body.id}/invoice`, { token: owner.accessToken, body: { companyName: 'Other LLP', taxId: '050140005121' } })
    expect(wrongBin.status).toBe(400)
    expect(wrongBin.body.error.fields[0].code).toBe('tax_id_not_workspace')
    expect((await call(base, 'POST', `/api/billing/orders/${billable.body.id}/invoice`, { token: owner.accessToken, body: { companyName: 'Seats LLP', taxId: validBin() } })).status).toBe(200)
    const copier = await activeUser(base)
    const copy = await call(base, 'POST', '/api/workspace', { token: copier.accessToken, body: { name: 'Not Seats LLP', bin: validBin() } })
    expect(copy.body.companyVerification).toBe('unverified')
    const copyOrder = await call(base, 'POST', '/api/billing/orders', { token: copier.accessToken, body: { workspaceId: copy.body.id, lines: [{ kind: 'topup', amountMinor: 100_000 }] } })
    const refused = await call(base, 'POST', `/api/billing/orders/${copyOrder.body.id}/invoice`, { token: copier.accessToken, body: { companyName: 'Seats LLP', taxId: validBin() } })
    expect(refused.status).toBe(403)
    // The owner cancels: it stays until the period ends.
    const cancelled = await call(base, 'POST', '/api/subscription/cancel', { token: owner.accessToken, body: { workspaceId: wsId } })
    expect(cancelled.status).toBe(200)
    expect(cancelled.body.cancelAtPeriodEnd).toBe(true)
  })
})
