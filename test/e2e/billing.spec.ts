import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { openPage, PHONE, saveScreenshot, seriousAxeViolations } from '../helpers/browser'
import { activeAccount, field, noSidewaysScroll, payWithSandboxCard, signIn, startE2eApp, type TE2eApp } from '../helpers/e2e-app'
import { SANDBOX_CARDS } from '../../shared/billing'
import { validBin } from '../helpers/identity'

// A person tops up their balance by card without Epay credentials: the billing page,
// the sandbox Epay's payment page (its callback reaches our postLink over HTTP), and back.
const PASSWORD = 'Secret-pass-42'
const stamp = Date.now().toString(36)

let app: TE2eApp

beforeAll(async () => {
  app = await startE2eApp('e2e_billing')
})

afterEach(async (ctx) => {
  await app?.screenshotOnFail(ctx, 'billing')
})

afterAll(async () => {
  await app?.close()
})

const balanceText = (page: import('playwright-core').Page) => page.getByTestId('balance-amount').textContent()
/** The plan card's status once it has read the plan (it says 'loading' until then). */
const planStatus = async (page: import('playwright-core').Page) => {
  const card = page.locator('[data-testid="billing-plan"]:not([data-status="loading"])')
  await card.waitFor()
  return card.getAttribute('data-status')
}

describe('billing', () => {
  it('welcome bonus, then a top-up through the sandbox payment page with 3-D Secure: paid, balance credited (kk, phone)', async () => {
    const email = `billing-${stamp}@example.kz`
    await activeAccount(app, email, PASSWORD)
    const tracked = await openPage(app.browser, app.server.url, { locale: 'kk-KZ', viewport: PHONE })
    app.opened.push(tracked)
    const { page, pageErrors } = tracked
    await signIn(page, app.server.url, email, PASSWORD)
    await page.goto(`${app.server.url}/kk/billing`)
    // The worker granted the welcome bonus on UserActivated.
    await expect.poll(async () => (await page.reload(), await page.getByTestId('balance-amount').waitFor(), await balanceText(page)), { timeout: 30_000 }).toBe('500\u00a0₸')
    expect(await page.getByTestId('ledger').textContent()).toContain('Қарсы алу бонусы')

    await field(page, 'topup-amount').fill('5 000')
    await page.getByTestId('topup-submit').click()
    await page.waitForURL((u) => u.pathname.startsWith('/kk/billing/pay/'))
    await page.getByTestId('pay-form').waitFor()
    expect(await page.getByTestId('pay-amount').textContent()).toBe('5\u00a0000\u00a0₸')
    expect(await page.getByTestId('sandbox-banner').textContent()).toContain('құмсалғыш')
    await noSidewaysScroll(page)
    expect(await seriousAxeViolations(page)).toEqual([])
    await saveScreenshot(page, 'billing-pay-kk-phone.png')

    // A wrong expiry is shown at its field, in the page's language.
    await field(page, 'pay-card').fill(SANDBOX_CARDS.secure3d)
    await field(page, 'pay-expiry').fill('1230')
    await field(page, 'pay-cvc').fill('123')
    await page.getByTestId('pay-submit').click()
    await expect.poll(() => page.locator('form[data-testid="pay-form"]').textContent()).toContain('АА/ЖЖ')
    await field(page, 'pay-expiry').fill('12/30')
    await page.getByTestId('pay-submit').click()
    // The 3-D Secure card asks for its code first.
    await field(page, 'pay-3ds').waitFor()
    await field(page, 'pay-3ds').fill('123456')
    await page.getByTestId('pay-submit').click()

    await page.waitForURL((u) => u.pathname === '/kk/billing' && u.searchParams.has('order'))
    await expect.poll(() => page.getByTestId('billing-result').getAttribute('data-status')).toBe('paid')
    await expect.poll(() => balanceText(page)).toBe('5\u00a0500\u00a0₸')
    expect(await page.getByTestId('order-row').first().getAttribute('data-status')).toBe('paid')
    await saveScreenshot(page, 'billing-paid-kk-phone.png')
    expect(pageErrors).toEqual([])
  })

  it('a declined card: the order is not paid, the page says so and the balance is unchanged (en, desktop)', async () => {
    const email = `billing-decline-${stamp}@example.kz`
    await activeAccount(app, email, PASSWORD)
    const tracked = await openPage(app.browser, app.server.url, { locale: 'en-US', viewport: { width: 1280, height: 900 } })
    app.opened.push(tracked)
    const { page, pageErrors } = tracked
    await signIn(page, app.server.url, email, PASSWORD)
    await page.goto(`${app.server.url}/en/billing`)
    await field(page, 'topup-amount').fill('5')
    await page.getByTestId('topup-submit').click()
    // Below the minimum: said at the field, nothing ordered.
    await expect.poll(() => page.getByTestId('topup-form').textContent()).toContain('From 10')
    await field(page, 'topup-amount').fill('1000')
    await page.getByTestId('topup-submit').click()
    await page.waitForURL((u) => u.pathname.startsWith('/en/billing/pay/'))
    await payWithSandboxCard(page, SANDBOX_CARDS.decline)
    await page.waitForURL((u) => u.pathname === '/en/billing' && u.searchParams.has('order'))
    await expect.poll(() => page.getByTestId('billing-result').getAttribute('data-status')).toBe('failed')
    expect(await page.getByTestId('billing-result').textContent()).toContain('did not go through')
    expect(await page.getByTestId('order-row').first().getAttribute('data-status')).toBe('failed')
    await saveScreenshot(page, 'billing-declined-en-desktop.png')
    expect(pageErrors).toEqual([])
  })

  it('a plan: pricing → checkout with a promo code and part from the balance → card on the sandbox page → plan active, then cancelled (ru, phone)', async () => {
    const email = `billing-plan-${stamp}@example.kz`
    await activeAccount(app, email, PASSWORD)
    const tracked = await openPage(app.browser, app.server.url, { locale: 'ru-RU', viewport: PHONE })
    app.opened.push(tracked)
    const { page, pageErrors } = tracked
    await signIn(page, app.server.url, email, PASSWORD)
    // The welcome bonus first, so the checkout can use it.
    await page.goto(`${app.server.url}/billing`)
    await expect.poll(async () => (await page.reload(), await page.getByTestId('balance-amount').waitFor(), await balanceText(page)), { timeout: 30_000 }).toBe('500\u00a0₸')
    expect(await planStatus(page)).toBe('none')

    await page.goto(`${app.server.url}/pricing`)
    const buy = page.getByTestId('plan-action-start-month')
    // Signed in with a trial still available, Start offers it; the yearly Pro (no trial) is bought.
    await expect.poll(() => buy.getAttribute('data-action'), { timeout: 15_000 }).toBe('trial')
    expect(await page.getByTestId('plan-action-pro-year').getAttribute('data-action')).toBe('buy')
    await noSidewaysScroll(page)
    expect(await seriousAxeViolations(page)).toEqual([])
    await saveScreenshot(page, 'pricing-ru-phone.png')
    await page.getByTestId('plan-action-pro-year').click()

    await page.waitForURL((u) => u.pathname.startsWith('/billing/checkout/'))
    await page.getByTestId('checkout-pay').waitFor()
    expect(await page.getByTestId('checkout-total').textContent()).toBe('149\u00a0000\u00a0₸')
    // A promo code: a wrong one is said at its field, in the page's language; a right one takes its share off.
    await app.sql.query(`INSERT INTO billing_promo_codes (id, code, kind, percent, currency) VALUES (gen_random_uuid(), 'HALF-${stamp.toUpperCase()}', 'percent', 50, 'KZT')`)
    await field(page, 'checkout-promo').fill('nope')
    await page.getByTestId('checkout-promo-apply').click()
    await expect.poll(() => page.getByTestId('checkout-promo-form').textContent(), { timeout: 15_000 }).toContain('Такого промокода нет')
    await field(page, 'checkout-promo').fill(`half-${stamp}`)
    await page.getByTestId('checkout-promo-apply').click()
    await expect.poll(() => page.getByTestId('checkout-total').textContent(), { timeout: 15_000 }).toBe('74\u00a0500\u00a0₸')
    expect(await page.getByTestId('checkout-discount').textContent()).toBe('−74\u00a0500\u00a0₸')
    await page.getByTestId('checkout-use-balance').click()
    await expect.poll(() => page.getByTestId('checkout-card-part').textContent(), { timeout: 15_000 }).toBe('74\u00a0000\u00a0₸')
    expect(await page.locator('[data-testid="checkout-use-balance"] [role="switch"], [role="switch"][data-testid="checkout-use-balance"]').first().getAttribute('aria-checked')).toBe('true')
    await noSidewaysScroll(page)
    await saveScreenshot(page, 'checkout-ru-phone.png')
    await page.getByTestId('checkout-pay').click()

    await page.waitForURL((u) => u.pathname.startsWith('/billing/pay/'))
    expect(await page.getByTestId('pay-amount').textContent()).toBe('74\u00a0000\u00a0₸')
    await payWithSandboxCard(page, SANDBOX_CARDS.success)

    await page.waitForURL((u) => u.pathname === '/billing' && u.searchParams.has('order'))
    await expect.poll(() => page.getByTestId('billing-result').getAttribute('data-status'), { timeout: 15_000 }).toBe('paid')
    expect(await page.getByTestId('billing-result').textContent()).toContain('тариф подключён')
    // The balance part was taken; the worker applied the plan on OrderPaid.
    await expect.poll(() => balanceText(page), { timeout: 15_000 }).toBe('0\u00a0₸')
    await expect.poll(async () => (await page.reload(), await planStatus(page)), { timeout: 30_000 }).toBe('active')
    expect(await page.getByTestId('billing-plan-name').textContent()).toBe('Про')
    expect(await page.getByTestId('billing-plan-usage').textContent()).toContain('0 из 360')
    await saveScreenshot(page, 'billing-plan-ru-phone.png')

    await page.getByTestId('billing-plan-cancel').click()
    await page.getByTestId('billing-plan-resume').waitFor()
    expect(await page.getByTestId('billing-plan').textContent()).toContain('Отменён: тариф действует до')
    expect(pageErrors).toEqual([])
  })

  it('a company pays by bank transfer: an invoice from the checkout (BIN checked), then an admin marks it paid (en, desktop)', async () => {
    const email = `billing-company-${stamp}@example.kz`
    await activeAccount(app, email, PASSWORD)
    const tracked = await openPage(app.browser, app.server.url, { locale: 'en-US', viewport: { width: 1280, height: 900 } })
    app.opened.push(tracked)
    const { page, pageErrors } = tracked
    await signIn(page, app.server.url, email, PASSWORD)
    await page.goto(`${app.server.url}/en/pricing`)
    // The page is live once it knows this person may still try a plan (the buttons are disabled until then).
    await expect.poll(() => page.getByTestId('plan-action-start-month').getAttribute('data-action'), { timeout: 15_000 }).toBe('trial')
    await page.getByTestId('plan-action-business-year').click()
    await page.waitForURL((u) => u.pathname.startsWith('/en/billing/checkout/'))
    const orderId = new URL(page.url()).pathname.split('/').pop()!
    await page.getByTestId('checkout-invoice-open').click()
    await field(page, 'invoice-company').fill('Romashka LLP')
    await field(page, 'invoice-tax-id').fill('123456789012')
    await page.getByTestId('invoice-submit').click()
    await expect.poll(() => page.getByTestId('checkout-invoice-form').textContent(), { timeout: 15_000 }).toContain('does not pass the check')
    await field(page, 'invoice-tax-id').fill(validBin())
    await page.getByTestId('invoice-submit').click()
    await expect.poll(() => page.getByTestId('checkout-invoiced').textContent(), { timeout: 15_000 }).toMatch(/Invoice No\. \d+ is issued/)
    const download = page.waitForEvent('download')
    await page.getByTestId('invoice-download').click()
    expect((await download).suggestedFilename()).toMatch(/^invoice-.+\.pdf$/)
    await saveScreenshot(page, 'checkout-invoice-en-desktop.png')

    // The transfer arrived: an admin marks it paid; the plan starts.
    const adminEmail = `admin-${email}`
    await activeAccount(app, adminEmail, PASSWORD)
    await app.sql.query(`UPDATE users SET roles = ARRAY['user','admin'] WHERE email = $1`, [adminEmail])
    const login = await fetch(`${app.server.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: adminEmail, password: PASSWORD }) })
    const { accessToken } = (await login.json()) as { accessToken: string }
    const marked = await fetch(`${app.server.url}/api/admin/billing/orders/${orderId}/mark-paid`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${accessToken}` }, body: JSON.stringify({ reference: 'PO 42' }) })
    expect(marked.status).toBe(200)
    await page.goto(`${app.server.url}/en/billing`)
    await expect.poll(async () => (await page.reload(), await planStatus(page)), { timeout: 30_000 }).toBe('active')
    expect(await page.getByTestId('billing-plan-name').textContent()).toBe('Business')
    expect(pageErrors).toEqual([])
  })

  it('a company plan: an admin buys it for the workspace on the pricing page, pays by card, and the workspace’s Plan tab shows it active with its seats (kk, phone)', async () => {
    const email = `billing-ws-${stamp}@example.kz`
    await activeAccount(app, email, PASSWORD)
    const login = await fetch(`${app.server.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password: PASSWORD }) })
    const { accessToken } = (await login.json()) as { accessToken: string }
    const made = await fetch(`${app.server.url}/api/workspace`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${accessToken}` }, body: JSON.stringify({ name: 'Seats LLP', bin: validBin() }) })
    expect(made.status).toBe(201)
    const wsId = ((await made.json()) as { id: string }).id
    const tracked = await openPage(app.browser, app.server.url, { locale: 'kk-KZ', viewport: PHONE })
    app.opened.push(tracked)
    const { page, pageErrors } = tracked
    await signIn(page, app.server.url, email, PASSWORD)
    await page.goto(`${app.server.url}/kk/pricing?workspace=${wsId}`)
    // For a workspace there is no trial: once the page knows whom it is for, Pro is bought.
    await expect.poll(() => page.getByTestId('plan-action-pro-month').getAttribute('data-action'), { timeout: 15_000 }).toBe('buy')
    await page.getByTestId('pricing-buyer').waitFor()
    await page.getByTestId('plan-action-pro-month').click()
    await page.waitForURL((u) => u.pathname.startsWith('/kk/billing/checkout/'))
    await page.getByTestId('checkout-for-company').waitFor()
    await page.getByTestId('checkout-pay').click()
    await page.waitForURL((u) => u.pathname.includes('/billing/pay/'))
    await payWithSandboxCard(page, SANDBOX_CARDS.success)
    // Back on the workspace's Plan tab: the payment went through, and the worker applied the plan to the workspace.
    await page.waitForURL((u) => u.pathname === `/kk/workspace/${wsId}`)
    await expect.poll(() => page.getByTestId('workspace-payment-result').getAttribute('data-status'), { timeout: 15_000 }).toBe('paid')
    await expect.poll(async () => (await page.reload(), await planStatus(page)), { timeout: 30_000 }).toBe('active')
    expect(await page.getByTestId('billing-plan-seats').textContent()).toContain('5')
    expect(await page.getByTestId('order-row').first().getAttribute('data-status')).toBe('paid')
    await noSidewaysScroll(page)
    await saveScreenshot(page, 'workspace-plan-kk-phone.png')
    expect(pageErrors).toEqual([])
  })
})
