import pg from 'pg'
import type { Browser, Page } from 'playwright-core'
import { expect, type TestContext } from 'vitest'
import { launchBrowser, saveScreenshot, type TTrackedPage } from './browser'
import { createTestDatabase, testRedisPrefix } from './db'
import { freePort, startBuiltServer, TEST_AUTH_SECRET, TEST_PUSHER_SECRET, type TBuiltServer } from './server'
import { resetConfigForTests } from '../../server/lib/config'
import { closeDb } from '../../server/lib/db'
import { startWorker, type TWorkerHandle } from '../../server/workers/worker'

/**
 * What every browser flow needs: a fresh migrated database (and a pg client to read
 * the sandbox outbox), the production build on a free port pointed at it, and
 * Chromium, and the worker sidecar in this process (it sends the emails and SMS the
 * flows read back from the sandbox outbox). Pages a spec opens go into `opened`, so a failing step leaves a picture
 * of each and close() ends them.
 */
export interface TE2eApp {
  db: { url: string; drop: () => Promise<void> }
  sql: pg.Client
  server: TBuiltServer
  worker: TWorkerHandle
  /** Stops the worker (a spec that plants outbox rows it must not touch); close() then skips it. */
  stopWorker(): Promise<void>
  browser: Browser
  opened: TTrackedPage[]
  /** The newest sandbox outbox payload for `to` matching `re` (messages are recorded asynchronously). */
  fromOutbox(to: string, re: RegExp, provider?: string): Promise<RegExpMatchArray>
  /** The newest link mailed to `to` whose path contains `pathPart`. */
  linkFromOutbox(to: string, pathPart: string): Promise<string>
  close(): Promise<void>
  screenshotOnFail(ctx: TestContext, prefix: string): Promise<void>
}

export async function startE2eApp(label: string, opts: { env?: Record<string, string> } = {}): Promise<TE2eApp> {
  const db = await createTestDatabase(label)
  const sql = new pg.Client({ connectionString: db.url })
  await sql.connect()
  const port = await freePort()
  const prefix = testRedisPrefix(label)
  // The worker's listeners use this process's config (database, SMTP, the AUTH_SECRET that
  // opens the sealed links, the PUBLIC_URL of the links it builds): the same as the built server's.
  Object.assign(process.env, {
    DATABASE_URL: db.url,
    REDIS_PREFIX: prefix,
    SMTP_URL: '',
    AUTH_SECRET: process.env.AUTH_SECRET ?? TEST_AUTH_SECRET,
    PUBLIC_URL: `http://127.0.0.1:${port}`,
    // Realtime pushes from the worker (a QR signature stored there) go to the built server's
    // own Pusher endpoint, as `npm run up`'s worker does with the same PORT.
    PORT: String(port),
    PUSHER_SECRET: process.env.PUSHER_SECRET ?? TEST_PUSHER_SECRET,
  })
  resetConfigForTests()
  // The worker, the built server and Chromium start side by side: one after another they were
  // ~14 s of a spec's start while another spec was starting too, and their waits (a process
  // coming up, a port answering) overlap. One that fails takes the others down before the
  // error goes up.
  const [w, s, b] = await Promise.allSettled([
    startWorker({ databaseUrl: db.url, prefix, schedule: false, heartbeat: false }),
    startBuiltServer({
      port,
      env: {
        DATABASE_URL: db.url,
        REDIS_PREFIX: prefix,
        REGION: 'kz',
        SMTP_URL: '',
        // Every browser and API call of a spec comes from 127.0.0.1.
        REGISTER_IP_LIMIT: '1000',
        // nuxt-auth's server-side session call needs the full auth base URL.
        AUTH_ORIGIN: `http://127.0.0.1:${port}/api/auth`,
        ...opts.env,
      },
    }),
    launchBrowser(),
  ] as const)
  if (w.status === 'rejected' || s.status === 'rejected' || b.status === 'rejected') {
    await Promise.allSettled([
      w.status === 'fulfilled' ? w.value.stop() : undefined,
      s.status === 'fulfilled' ? s.value.stop() : undefined,
      b.status === 'fulfilled' ? b.value.close() : undefined,
      sql.end(),
    ])
    await db.drop().catch(() => {})
    throw ([w, s, b].find((r) => r.status === 'rejected') as PromiseRejectedResult).reason
  }
  const worker = w.value
  const server = s.value
  const browser = b.value
  let workerStopped: Promise<void> | undefined
  const stopWorker = () => (workerStopped ??= worker.stop())
  const opened: TTrackedPage[] = []
  async function fromOutbox(to: string, re: RegExp, provider?: string): Promise<RegExpMatchArray> {
    // The worker sends the message after the request commits: a deadline, not a count of
    // tries, and a generous one, as test steps on a loaded CI machine take several times longer.
    const deadline = Date.now() + 30_000
    while (Date.now() < deadline) {
      const { rows } = await sql.query<{ payload: string }>(
        `SELECT payload::text AS payload FROM integration_outbox WHERE recipient = $1 AND ($2::text IS NULL OR provider = $2) ORDER BY created_at DESC`,
        [to, provider ?? null],
      )
      for (const row of rows) {
        const m = row.payload.match(re)
        if (m) return m
      }
      await new Promise((r) => setTimeout(r, 200))
    }
    throw new Error(`nothing like ${re} for ${to} in the outbox:\n${server.logs().slice(-3000)}`)
  }
  return {
    db,
    sql,
    server,
    worker,
    stopWorker,
    browser,
    opened,
    fromOutbox,
    async linkFromOutbox(to, pathPart) {
      const re = new RegExp(`https?://[^\\s"\\\\]+${pathPart.replace(/[/?]/g, '\\$&')}[^\\s"\\\\]+`)
      return (await fromOutbox(to, re))[0]
    },
    async close() {
      for (const p of opened) await p.context.close().catch(() => {})
      await Promise.all([browser.close(), server.stop(), stopWorker()])
      await closeDb()
      await sql.end()
      await db.drop()
    },
    async screenshotOnFail(ctx, prefix) {
      if (ctx.task.result?.state !== 'fail') return
      const name = ctx.task.name.slice(0, 20).replace(/\W+/g, '-')
      for (const [i, p] of opened.entries()) await saveScreenshot(p.page, `${prefix}-failed-${name}-${i}.png`).catch(() => {})
    },
  }
}

/** Sign-up and confirmation through the API, for flows that start with an active account. */
export async function activeAccount(app: TE2eApp, email: string, password: string): Promise<void> {
  const { url } = app.server
  const json = { 'content-type': 'application/json' }
  const reg = await fetch(`${url}/api/auth/register`, { method: 'POST', headers: json, body: JSON.stringify({ email, password, acceptTerms: true }) })
  expect(reg.status).toBe(201)
  const token = new URL(await app.linkFromOutbox(email, '/auth/verify?token=')).searchParams.get('token')
  const ver = await fetch(`${url}/api/auth/verify`, { method: 'POST', headers: json, body: JSON.stringify({ token }) })
  expect(ver.status).toBe(200)
}

/** Signs in through the login page and waits for the profile it leads to. */
export async function signIn(page: Page, baseUrl: string, email: string, password: string): Promise<void> {
  await page.goto(`${baseUrl}/auth/login?redirect=/profile`)
  await page.waitForLoadState('networkidle')
  await field(page, 'login-identifier').fill(email)
  await field(page, 'login-password').fill(password)
  await page.getByTestId('login-submit').click()
  try {
    await page.waitForURL((u) => u.pathname === '/profile')
  } catch (e) {
    // A sign-in in a spec's beforeAll leaves no failure screenshot: say what the page showed.
    const alerts = await page.locator('[role=alert]').allTextContents().catch(() => [])
    const typed = await field(page, 'login-identifier').inputValue().catch(() => '?')
    await saveScreenshot(page, `signin-failed-${Date.now()}.png`).catch(() => {})
    throw new Error(`sign-in as ${email} did not reach /profile: the page is ${page.url()}, identifier field "${typed}", alerts: ${alerts.join(' | ') || 'none'}`, { cause: e })
  }
}

/** An input by its test id, whether the id sits on the input or on its wrapper. */
export const field = (page: Page, testId: string) => page.locator(`input[data-testid="${testId}"], [data-testid="${testId}"] input`).first()

/** On the sandbox Epay page: a card number (SANDBOX_CARDS decides the outcome), a valid expiry and CVC, then Pay. */
export async function payWithSandboxCard(page: Page, cardNumber: string): Promise<void> {
  await field(page, 'pay-card').fill(cardNumber)
  await field(page, 'pay-expiry').fill('12/30')
  await field(page, 'pay-cvc').fill('123')
  await page.getByTestId('pay-submit').click()
}

/** A phone-sized page must never scroll sideways. */
export async function noSidewaysScroll(page: Page): Promise<void> {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
  expect(overflow).toBeLessThanOrEqual(0)
}

export { validBin, validIin } from './identity'
