import { randomUUID } from 'node:crypto'
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest'
import { PHONE, openPage, saveScreenshot } from '../helpers/browser'
import { field, noSidewaysScroll, startE2eApp, type TE2eApp } from '../helpers/e2e-app'

// The admin events page on a phone, against the production build: an event Redis
// accepted but one of its listeners never confirmed shows as "relayed but not
// handled", with its age, the listener that owes the receipt and how often it was re-sent.

const ADMIN = `events-admin-${Date.now().toString(36)}@example.kz`
const PASSWORD = 'Admin-pass-42'
let app: TE2eApp

beforeAll(async () => {
  app = await startE2eApp('e2e_events')
  const { server } = app
  const reg = await fetch(`${server.url}/api/auth/register`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: ADMIN, password: PASSWORD, acceptTerms: true }),
  })
  expect(reg.status).toBe(201)
  const token = new URL(await app.linkFromOutbox(ADMIN, '/auth/verify?token=')).searchParams.get('token')
  const ver = await fetch(`${server.url}/api/auth/verify`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token }) })
  expect(ver.status).toBe(200)
  await app.sql.query(`UPDATE users SET roles = ARRAY['user','admin'] WHERE email = $1`, [ADMIN])
  // The verification email has gone; without a worker the planted row below stays as planted (no sweep re-sends it).
  await app.stopWorker()
})

afterAll(async () => {
  await app?.close()
})

afterEach((ctx) => app?.screenshotOnFail(ctx, 'admin-events'))

it('shows a relayed event missing a listener receipt, its age and its re-sends', async () => {
  const id = randomUUID()
  // Relayed 20 minutes ago to notification and history; only history confirmed it, and the sweep re-sent it 3 times.
  await app.sql.query(
    `INSERT INTO event_outbox (id, name, version, payload, publisher, created_at, relayed_at, routed_to, redeliveries)
     VALUES ($1, 'UserLoggedIn', 1, '{}', 'auth', now() - interval '20 minutes', now() - interval '1 minute', '{notification,history}', 3)`,
    [id],
  )
  await app.sql.query(`INSERT INTO event_receipts (event_id, listener) VALUES ($1, 'history.UserLoggedIn')`, [id])

  const tracked = await openPage(app.browser, app.server.url, { viewport: PHONE, locale: 'ru-RU', isMobile: true, hasTouch: true })
  app.opened.push(tracked)
  const { page, pageErrors } = tracked
  await page.goto(`${app.server.url}/auth/login?redirect=/profile`)
  await page.waitForLoadState('networkidle')
  await field(page, 'login-identifier').fill(ADMIN)
  await field(page, 'login-password').fill(PASSWORD)
  await page.getByTestId('login-submit').click()
  await page.waitForURL((u) => u.pathname === '/profile')

  await page.goto(`${app.server.url}/admin/events`)
  await expect.poll(() => page.getByTestId('events-unhandled').textContent(), { timeout: 15_000 }).toContain('1')
  await expect.poll(() => page.getByTestId('events-unhandled-age').textContent()).toMatch(/20 минут/)
  expect(await page.getByTestId('events-redelivered').textContent()).toContain('1')
  expect(await page.getByTestId('events-unhandled-listeners').textContent()).toContain('notification.UserLoggedIn')
  const events = await page.getByTestId('events-unhandled-events').textContent()
  expect(events).toContain(id)
  expect(events).not.toContain('history.UserLoggedIn')
  await noSidewaysScroll(page)
  expect(pageErrors).toEqual([])
  await saveScreenshot(page, 'admin-events-unhandled.png')
})
