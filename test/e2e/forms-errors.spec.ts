import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { Locator, Page, Request, Route } from 'playwright-core'
import { openPage, type TTrackedPage } from '../helpers/browser'
import { activeAccount, field, signIn, startE2eApp, validBin, type TE2eApp } from '../helpers/e2e-app'
import { ROOT } from '../helpers/server'

// What a person sees when a form is refused: every error status a form's API route
// declares reaches the page, at its field or in the form's alert, translated; clicks
// land; confirmations and errors belong to the submission they report. One server,
// one browser; pages are reused where the flow allows.

const PASSWORD = 'Secret-pass-42'
const stamp = Date.now().toString(36)
const OWNER = `forms-owner-${stamp}@example.kz`
const TAKEN = `forms-taken-${stamp}@example.kz`

type TMessages = { [k: string]: string | TMessages }
const ru = JSON.parse(readFileSync(resolve(ROOT, 'locales/ru.json'), 'utf8')) as TMessages
const tr = (key: string): string => {
  const v = key.split('.').reduce<unknown>((o, k) => (o && typeof o === 'object' ? (o as TMessages)[k] : undefined), ru)
  if (typeof v !== 'string') throw new Error(`no ru message ${key}`)
  return v
}

let app: TE2eApp
let anon: TTrackedPage
let owner: TTrackedPage
let workspaceId = ''
/** Statuses each route declares, from the published contract (every defineApiRoute is in it). */
let contract: Record<string, Record<string, { responses?: Record<string, unknown> }>> = {}

beforeAll(async () => {
  app = await startE2eApp('e2e_forms')
  await activeAccount(app, OWNER, PASSWORD)
  await activeAccount(app, TAKEN, PASSWORD)
  const { url } = app.server
  contract = ((await (await fetch(`${url}/openapi.json`)).json()) as { paths: typeof contract }).paths
  // A company workspace for the invite, group and settings forms.
  const json = { 'content-type': 'application/json' }
  const login = (await (
    await fetch(`${url}/api/auth/login`, { method: 'POST', headers: json, body: JSON.stringify({ identifier: OWNER, password: PASSWORD }) })
  ).json()) as { accessToken: string }
  const ws = await fetch(`${url}/api/workspace`, {
    method: 'POST',
    headers: { ...json, authorization: `Bearer ${login.accessToken}` },
    body: JSON.stringify({ name: `ТОО Формы ${stamp}`, bin: validBin() }),
  })
  expect(ws.status).toBe(201)
  workspaceId = ((await ws.json()) as { id: string }).id
  anon = await openPage(app.browser, url, { locale: 'ru-RU' })
  owner = await openPage(app.browser, url, { locale: 'ru-RU' })
  app.opened.push(anon, owner)
  await signIn(owner.page, url, OWNER, PASSWORD)
})

afterAll(async () => {
  await app?.close()
})

afterEach((ctx) => app?.screenshotOnFail(ctx, 'forms'))

/** Loads a page and waits until its forms have hydrated (their submit buttons are enabled then). */
async function open(page: Page, path: string, submit: Locator) {
  await page.goto(`${app.server.url}${path}`)
  await expect.poll(() => submit.isEnabled(), { timeout: 30_000 }).toBe(true)
}

const invalid = (input: Locator) => input.getAttribute('aria-invalid')

/** One form of the site, as a person fills it in, and the API route it submits to. */
interface TFormCase {
  name: string
  page: () => TTrackedPage
  path: string
  /** The form (or the card around it). */
  form: (page: Page) => Locator
  method: string
  api: () => string
  /** The OpenAPI path of the route, for its declared statuses. */
  contractPath: string
  values: Record<string, string>
  /** Checkboxes (test ids) to tick besides the values, e.g. the terms consent. */
  ticks?: string[]
  /** A field of the form the API may name in its answer. */
  field: string
  signedIn: boolean
}

const wsPath = (tab: string) => `/workspace/${workspaceId}?tab=${tab}`
const FORMS: TFormCase[] = [
  { name: 'login', page: () => anon, path: '/auth/login', form: (p) => p.locator('form').filter({ has: p.locator('input[name="identifier"]') }), method: 'POST', api: () => '/api/auth/login', contractPath: '/api/auth/login', values: { identifier: 'someone@example.kz', password: PASSWORD }, field: 'identifier', signedIn: false },
  { name: 'register', page: () => anon, path: '/auth/register', form: (p) => p.locator('form').filter({ has: p.locator('input[name="password"]') }), method: 'POST', api: () => '/api/auth/register', contractPath: '/api/auth/register', values: { email: 'new@example.kz', password: PASSWORD }, ticks: ['register-terms'], field: 'email', signedIn: false },
  { name: 'forgot password', page: () => anon, path: '/auth/forgot-password', form: (p) => p.locator('form').filter({ has: p.locator('input[name="email"]') }), method: 'POST', api: () => '/api/auth/password/forgot', contractPath: '/api/auth/password/forgot', values: { email: 'someone@example.kz' }, field: 'email', signedIn: false },
  { name: 'reset password', page: () => anon, path: '/auth/reset-password?token=abc', form: (p) => p.locator('main'), method: 'POST', api: () => '/api/auth/password/reset', contractPath: '/api/auth/password/reset', values: { password: PASSWORD, confirm: PASSWORD }, field: 'password', signedIn: false },
  { name: 'verify by code', page: () => anon, path: '/auth/verify?phone=%2B77011234567', form: (p) => p.locator('form').filter({ has: p.locator('input[name="code"]') }), method: 'POST', api: () => '/api/auth/verify', contractPath: '/api/auth/verify', values: { code: '123456' }, field: 'code', signedIn: false },
  { name: 'personal data', page: () => owner, path: '/profile', form: (p) => p.getByTestId('personal-form'), method: 'PATCH', api: () => '/api/auth/user', contractPath: '/api/auth/user', values: { name: 'Айгуль' }, field: 'name', signedIn: true },
  { name: 'password change', page: () => owner, path: '/profile/security', form: (p) => p.getByTestId('password-change-form'), method: 'POST', api: () => '/api/auth/password/change', contractPath: '/api/auth/password/change', values: { currentPassword: PASSWORD, newPassword: 'Another-secret-99x' }, field: 'currentPassword', signedIn: true },
  { name: 'email change', page: () => owner, path: '/profile/security', form: (p) => p.locator('form').filter({ has: p.locator('input[name="newEmail"]') }), method: 'POST', api: () => '/api/auth/email/change', contractPath: '/api/auth/email/change', values: { newEmail: 'other@example.kz', password: PASSWORD }, field: 'newEmail', signedIn: true },
  { name: 'phone change', page: () => owner, path: '/profile/security', form: (p) => p.getByTestId('profile-phone').locator('form'), method: 'POST', api: () => '/api/auth/phone/change', contractPath: '/api/auth/phone/change', values: { phone: '+77011234567' }, field: 'phone', signedIn: true },
  { name: 'API token', page: () => owner, path: '/profile/tokens', form: (p) => p.getByTestId('token-form'), method: 'POST', api: () => '/api/auth/tokens', contractPath: '/api/auth/tokens', values: { name: 'ci' }, field: 'name', signedIn: true },
  { name: 'new workspace', page: () => owner, path: '/workspace', form: (p) => p.getByTestId('workspace-create'), method: 'POST', api: () => '/api/workspace', contractPath: '/api/workspace', values: { name: 'ТОО Новая', bin: validBin() }, field: 'bin', signedIn: true },
  { name: 'invite', page: () => owner, get path() { return wsPath('invites') }, form: (p) => p.getByTestId('invite-form'), method: 'POST', api: () => `/api/workspace/${workspaceId}/invites`, contractPath: '/api/workspace/{id}/invites', values: { email: 'colleague@example.kz' }, field: 'email', signedIn: true },
  { name: 'group', page: () => owner, get path() { return wsPath('groups') }, form: (p) => p.getByTestId('group-form'), method: 'POST', api: () => `/api/workspace/${workspaceId}/groups`, contractPath: '/api/workspace/{id}/groups', values: { name: 'Юристы' }, field: 'name', signedIn: true },
  { name: 'workspace settings', page: () => owner, get path() { return wsPath('settings') }, form: (p) => p.getByTestId('workspace-settings'), method: 'PATCH', api: () => `/api/workspace/${workspaceId}`, contractPath: '/api/workspace/{id}', values: { name: 'ТОО Переименована' }, field: 'name', signedIn: true },
]

/** Our error answer (server/lib/errors.ts AppError.toBody) for a status, as the API sends it. */
const CODE_BY_STATUS: Record<number, string> = {
  400: 'VALIDATION',
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  409: 'CONFLICT',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA',
  429: 'RATE_LIMITED',
  500: 'INTERNAL',
  503: 'UNAVAILABLE',
}

function declaredStatuses(c: TFormCase): number[] {
  const responses = contract[c.contractPath]?.[c.method.toLowerCase()]?.responses
  if (!responses) throw new Error(`${c.method} ${c.contractPath} is not in /openapi.json`)
  const declared = Object.keys(responses).map(Number).filter((s) => s >= 400)
  // A signed-in route's 401 ends the sign-in (useApi refreshes or sends the person to the
  // login page with the reason: sessions-live.spec.ts). Every answer can also be our 500 or
  // 503; those take the shared path of useApiForm whatever the form, so one anonymous and one
  // signed-in form try them (each status more is a submission more in CI's time budget).
  const generic = c.name === 'login' || c.name === 'personal data' ? [500, 503] : []
  return [...new Set([...declared.filter((s) => !(c.signedIn && s === 401)), ...generic])].sort()
}

async function fillForm(form: Locator, values: Record<string, string>) {
  for (const [name, value] of Object.entries(values)) await form.locator(`input[name="${name}"]`).fill(value)
}

describe('every error status of every form is shown, translated', () => {
  for (const c of FORMS) {
    it(c.name, async () => {
      const { page } = c.page()
      const statuses = declaredStatuses(c)
      expect(statuses.length).toBeGreaterThan(2)
      let answer: { status: number; body: unknown } | null = null
      const matches = (req: Request) => req.method() === c.method && new URL(req.url()).pathname === c.api()
      const ours = (u: URL) => u.pathname === c.api()
      const fake = (route: Route) =>
        answer && matches(route.request()) ? route.fulfill({ status: answer.status, contentType: 'application/json', body: JSON.stringify(answer.body) }) : route.fallback()
      // The fake answer is in place only while a submission is on its way: Playwright turns the
      // browser's HTTP cache off while any route is set, and every page load under it fetched and
      // compiled every script again (twice the browser's CPU for the same pages).
      try {
        const cases: { status: number; withField: boolean }[] = statuses.flatMap((status) => [
          { status, withField: false },
          ...(status === 400 || status === 409 ? [{ status, withField: true }] : []),
        ])
        // One page load per form: each status is a new submission of the same form, as a person
        // would retry, and what the last one showed must give way to the new answer. A form that
        // replaced itself after an answer (a dead reset token offers a new link) is opened again.
        let shown: { text: string; atField: boolean } | null = null
        const form = c.form(page)
        const submit = form.locator('button[type="submit"]')
        await open(page, c.path, submit)
        for (const { status, withField } of cases) {
          const code = CODE_BY_STATUS[status]!
          const messageKey = `errors.${code.toLowerCase()}`
          answer = {
            status,
            body: {
              error: {
                code,
                message: `${code} in English`,
                messageKey,
                ...(withField ? { fields: [{ path: `body.${c.field}`, message: 'too long', code: 'too_big' }] } : {}),
              },
            },
          }
          // After an answer that marked a field the page is opened afresh, as it was for every
          // status before: a field the server refused keeps its mark until its value changes and
          // holds the next try back, and a retry from that page was lost now and then on the
          // loaded CI machine even with the value changed.
          if (shown?.atField || !(await submit.isVisible()) || !(await submit.isEnabled())) {
            await open(page, c.path, submit)
            shown = null
          }
          await fillForm(form, c.values)
          for (const id of c.ticks ?? []) if ((await page.getByTestId(id).getAttribute('aria-checked')) !== 'true') await page.getByTestId(id).click()
          await page.route(ours, fake)
          await submit.click()
          const label = `${c.name}: ${status}${withField ? ' at the field' : ''}`
          if (withField) {
            await form.getByText(tr('errors.fields.too_big')).waitFor({ timeout: 15_000 }).catch(() => {
              throw new Error(`${label}: the field message is not shown`)
            })
            expect(await invalid(form.locator(`input[name="${c.field}"]`)), label).toBe('true')
          } else {
            await form.getByText(tr(messageKey)).first().waitFor({ timeout: 15_000 }).catch(() => {
              throw new Error(`${label}: "${tr(messageKey)}" is not shown`)
            })
          }
          expect(await form.innerText(), label).not.toContain('errors.')
          // The previous answer's message went when this one came (unless both say the same).
          const now = withField ? tr('errors.fields.too_big') : tr(messageKey)
          if (shown && shown.text !== now) {
            await expect.poll(() => form.getByText(shown!.text).count(), { timeout: 5_000, message: `${label}: "${shown.text}" still shown` }).toBe(0)
          }
          shown = { text: now, atField: withField }
          await page.unroute(ours, fake)
        }
      } finally {
        await page.unroute(ours)
      }
    })
  }

  it('real refusals reach their field: a taken email, a weak password, a wrong current password', async () => {
    const { page } = anon
    const form = page.locator('form').filter({ has: page.locator('input[name="password"]') })
    const submit = page.getByTestId('register-submit')
    await open(page, '/auth/register', submit)
    await field(page, 'register-email').fill(TAKEN)
    await field(page, 'register-password').fill(PASSWORD)
    await page.getByTestId('register-terms').click()
    await submit.click()
    await form.getByText(tr('errors.auth.email_taken')).waitFor()
    expect(await invalid(field(page, 'register-email'))).toBe('true')

    await field(page, 'register-email').fill(`new-${stamp}@example.kz`)
    await field(page, 'register-password').fill('password1')
    await submit.click()
    // The first of the API's reasons (pw_warn_*, pw_hint_*, password_weak) under the field.
    await expect.poll(() => invalid(field(page, 'register-password'))).toBe('true')
    const fieldMessages = Object.values((ru.errors as TMessages).fields as TMessages)
    expect(fieldMessages).toContain(await form.locator('[id$="-error"]').first().innerText())
    // The email was changed since the refusal: its old error is gone.
    expect(await invalid(field(page, 'register-email'))).toBe('false')

    const p = owner.page
    const pw = p.getByTestId('password-change-form')
    await open(p, '/profile/security', p.getByTestId('password-submit'))
    await field(p, 'password-current').fill('Wrong-pass-42')
    await field(p, 'password-new').fill('Another-secret-99x')
    await p.getByTestId('password-submit').click()
    await pw.getByText(tr('errors.auth.wrong_password')).waitFor()
    expect(await invalid(field(p, 'password-current'))).toBe('true')
  })
})

describe('a server error stays at its field', () => {
  it('a refusal that arrives before the check Nuxt UI runs 300 ms after the last keystroke survives that check', async () => {
    // The page's own clock, so that the answer surely comes before that check whatever the
    // server's speed (a fast server's does; this one's may or may not).
    const tracked = await openPage(app.browser, app.server.url, { locale: 'ru-RU' })
    app.opened.push(tracked)
    const { page } = tracked
    await page.clock.install()
    const form = page.locator('form').filter({ has: page.locator('input[name="password"]') })
    const email = field(page, 'register-email')
    await open(page, '/auth/register', page.getByTestId('register-submit'))
    await email.fill(TAKEN.slice(0, -1))
    await field(page, 'register-password').fill(PASSWORD)
    await page.getByTestId('register-terms').click()
    // Timers stand still from here. Back in the email, which has been left once (so it is
    // checked again 300 ms after a keystroke): its last letter, then Enter.
    await page.clock.pauseAt((await page.evaluate(() => Date.now())) + 1000)
    await email.click()
    await page.keyboard.press('End')
    await page.keyboard.type(TAKEN.slice(-1))
    await page.keyboard.press('Enter')
    await form.getByText(tr('errors.auth.email_taken')).waitFor()
    // Now the check runs; the answer still describes the field's value, so it stays.
    await page.clock.runFor(1000)
    expect(await invalid(email)).toBe('true')
    expect(await form.getByText(tr('errors.auth.email_taken')).count()).toBe(1)
    await page.clock.resume()
  })
})

/** Counts the requests a page sends to one API path. */
function countCalls(page: Page, path: string) {
  const calls: string[] = []
  page.on('request', (r) => {
    if (new URL(r.url()).pathname === path && r.method() === 'POST') calls.push(r.url())
  })
  return () => calls.length
}

describe('the first click after a validation error submits', () => {
  it('login, API token and reset password: correct the last field by typing, click at once', async () => {
    const flows: { page: Page; path: string; form: (p: Page) => Locator; api: string; first: Record<string, string>; error: string; before: Record<string, string>; last: string; value: string }[] = [
      { page: anon.page, path: '/auth/login', form: (p: Page) => p.locator('form').filter({ has: p.locator('input[name="identifier"]') }), api: '/api/auth/login', first: {}, error: 'errors.fields.required', before: { identifier: 'someone@example.kz' }, last: 'password', value: PASSWORD },
      { page: owner.page, path: '/profile/tokens', form: (p: Page) => p.getByTestId('token-form'), api: '/api/auth/tokens', first: {}, error: 'errors.fields.required', before: {}, last: 'name', value: 'deploy' },
      { page: anon.page, path: '/auth/reset-password?token=abc', form: (p: Page) => p.locator('form').filter({ has: p.locator('input[name="confirm"]') }), api: '/api/auth/password/reset', first: { password: PASSWORD, confirm: 'typo' }, error: 'errors.fields.passwords_differ', before: {}, last: 'confirm', value: PASSWORD },
    ]
    for (const f of flows) {
      const form = f.form(f.page)
      const submit = form.locator('button[type="submit"]')
      await open(f.page, f.path, submit)
      const calls = countCalls(f.page, f.api)
      await fillForm(form, f.first)
      await submit.click()
      // The error line under the last field, the one the person corrects.
      await form.getByText(tr(f.error)).first().waitFor()
      expect(calls()).toBe(0)
      await fillForm(form, f.before)
      await form.locator(`input[name="${f.last}"]`).click()
      await f.page.keyboard.press('ControlOrMeta+A')
      await f.page.keyboard.type(f.value)
      await submit.click()
      await expect.poll(calls, { message: `${f.path}: the first click after correcting ${f.last}` }).toBe(1)
    }
  })
})

describe('empty fields and required messages', () => {
  it('tabbing through empty fields reports nothing; submitting says which are required', async () => {
    const { page } = anon
    const form = page.locator('form').filter({ has: page.locator('input[name="identifier"]') })
    await open(page, '/auth/login', page.getByTestId('login-submit'))
    await field(page, 'login-identifier').focus()
    await page.keyboard.press('Tab')
    await page.keyboard.press('Tab')
    await page.keyboard.press('Shift+Tab')
    await page.keyboard.press('Shift+Tab')
    // Watched for a while: a check on leaving a field would show up within this window.
    const started = Date.now()
    while (Date.now() - started < 1500) {
      expect(await form.locator('[aria-invalid="true"]').count()).toBe(0)
      await page.waitForTimeout(100)
    }
    expect(await form.getByText(tr('errors.fields.too_small')).count()).toBe(0)
    await page.getByTestId('login-submit').click()
    await expect.poll(() => form.getByText(tr('errors.fields.required')).count()).toBe(2)
    expect(await invalid(field(page, 'login-identifier'))).toBe('true')
  })
})

describe('confirmations belong to their submission', () => {
  it('a sent invite leaves a clean form; the next refused one leaves no stale "sent"', async () => {
    const { page } = owner
    const card = page.getByTestId('invite-form')
    await open(page, wsPath('invites'), page.getByTestId('invite-submit'))
    await field(page, 'invite-email').fill(`invitee-${stamp}@example.kz`)
    await page.getByTestId('invite-submit').click()
    await card.getByTestId('invite-sent').waitFor()
    // The emptied field stays clean, also after the input check Nuxt UI runs 300 ms after typing.
    const started = Date.now()
    while (Date.now() - started < 1500) {
      expect(await invalid(field(page, 'invite-email'))).toBe('false')
      await page.waitForTimeout(100)
    }
    expect(await card.getByText(tr('errors.fields.required')).count()).toBe(0)

    // The owner is already a member: refused, and the earlier "sent to" is gone.
    await field(page, 'invite-email').fill(OWNER)
    await page.getByTestId('invite-submit').click()
    await card.getByText(tr('errors.workspace.already_member')).waitFor()
    expect(await card.getByTestId('invite-sent').count()).toBe(0)

    // A try the browser refuses (not an email) clears the last answer too.
    await field(page, 'invite-email').fill('not-an-email')
    await page.getByTestId('invite-submit').click()
    await expect.poll(() => card.getByText(tr('errors.workspace.already_member')).count()).toBe(0)
  })
})

describe('a click before hydration is not lost', () => {
  it('the server-rendered submit is disabled, and enabled once the page runs', async () => {
    for (const path of ['/auth/login', '/auth/register', '/auth/forgot-password', '/auth/reset-password?token=abc']) {
      const html = await (await fetch(`${app.server.url}${path}`, { headers: { 'accept-language': 'ru' } })).text()
      const buttons = html.match(/<button[^>]*type="submit"[^>]*>/g) ?? []
      expect(buttons.length, path).toBeGreaterThan(0)
      for (const b of buttons) expect(b, path).toMatch(/\sdisabled(=""|\s|>)/)
      const { page } = anon
      await page.goto(`${app.server.url}${path}`)
      await expect.poll(() => page.locator('form button[type="submit"]').first().isEnabled(), { timeout: 30_000 }).toBe(true)
    }
  })

  it('what a person types before the page has hydrated stays typed, and signs in', async () => {
    // The scripts arrive late (a slow phone): the server-rendered fields are typed into first.
    const tracked = await openPage(app.browser, app.server.url, { locale: 'ru-RU' })
    app.opened.push(tracked)
    const { page } = tracked
    let release!: () => void
    const gate = new Promise<void>((r) => (release = r))
    await page.route('**/_nuxt/**/*.js', async (route) => {
      await gate
      await route.continue()
    })
    // Module scripts hold DOMContentLoaded back: wait for the server's HTML only.
    await page.goto(`${app.server.url}/auth/login?redirect=/profile`, { waitUntil: 'commit' })
    await field(page, 'login-identifier').waitFor()
    await field(page, 'login-identifier').fill(OWNER)
    await field(page, 'login-password').fill(PASSWORD)
    expect(await page.getByTestId('login-submit').isEnabled()).toBe(false)
    release()
    await expect.poll(() => page.getByTestId('login-submit').isEnabled(), { timeout: 30_000 }).toBe(true)
    expect(await field(page, 'login-identifier').inputValue()).toBe(OWNER)
    expect(await field(page, 'login-password').inputValue()).toBe(PASSWORD)
    await page.getByTestId('login-submit').click()
    await page.waitForURL((u) => u.pathname === '/profile', { timeout: 30_000 })
    await tracked.context.close()
  })
})

describe('dead links offer a way on', () => {
  it('reset password without or with a dead token offers a new link (email kept) and the way back', async () => {
    const { page } = anon
    await page.goto(`${app.server.url}/auth/reset-password`)
    await page.getByTestId('reset-dead-link').waitFor()
    expect(await page.getByTestId('reset-back').getAttribute('href')).toMatch(/\/auth\/login$/)
    expect(await page.getByTestId('reset-new-link').getAttribute('href')).toMatch(/\/auth\/forgot-password$/)

    const form = page.locator('form').filter({ has: page.locator('input[name="confirm"]') })
    await open(page, `/auth/reset-password?token=dead-token&email=${encodeURIComponent(OWNER)}`, form.locator('button[type="submit"]'))
    await fillForm(form, { password: 'Another-secret-99x', confirm: 'Another-secret-99x' })
    await form.locator('button[type="submit"]').click()
    await page.getByTestId('reset-dead-link').getByText(tr('errors.auth.code_invalid')).waitFor()
    await page.getByTestId('reset-new-link').click()
    await page.waitForURL(/\/auth\/forgot-password\?email=/)
    await expect.poll(() => page.locator('input[name="email"]').inputValue()).toBe(OWNER)
  })

  it('the verify page knows the address it is waiting for', async () => {
    const { page } = anon
    await page.goto(`${app.server.url}/auth/verify?email=${encodeURIComponent(OWNER)}`)
    await page.getByTestId('verify-email').getByText(OWNER, { exact: false }).waitFor()
    await page.getByTestId('verify-email').getByTestId('resend').waitFor()
  })
})

describe('destructive actions ask first; results off the page are told in a toast', () => {
  it('revoking an invitation asks in a dialog (Cancel keeps it), then says it is done', async () => {
    const { page } = owner
    await open(page, wsPath('invites'), page.getByTestId('invite-submit'))
    const invitee = `revoke-me-${stamp}@example.kz`
    await field(page, 'invite-email').fill(invitee)
    await page.getByTestId('invite-submit').click()
    await page.getByTestId('invite-sent').waitFor()
    const row = page.locator('li').filter({ hasText: invitee })
    const revoke = row.getByRole('button', { name: tr('workspace.invites.revoke') })
    await revoke.click()
    const dialog = page.getByRole('dialog')
    await dialog.getByText(tr('workspace.invites.confirmRevoke').replace('{to}', invitee)).waitFor()
    await dialog.getByTestId('confirm-cancel').click()
    await expect.poll(() => page.getByRole('dialog').count()).toBe(0)
    expect(await revoke.count()).toBe(1)

    await revoke.click()
    await page.getByRole('dialog').getByTestId('confirm-ok').click()
    await page.getByText(tr('toast.inviteRevoked')).first().waitFor()
    await expect.poll(() => revoke.count()).toBe(0)
  })

  it('removing a member and deleting a group ask in a dialog (Cancel keeps them), then say it is done', async () => {
    const { url } = app.server
    const json = { 'content-type': 'application/json' }
    const bearer = async (who: string) => {
      const r = await fetch(`${url}/api/auth/login`, { method: 'POST', headers: json, body: JSON.stringify({ identifier: who, password: PASSWORD }) })
      return { ...json, authorization: `Bearer ${((await r.json()) as { accessToken: string }).accessToken}` }
    }
    const asOwner = await bearer(OWNER)
    // A second member, through a real invitation (the link the worker mails) and its acceptance.
    const inv = await fetch(`${url}/api/workspace/${workspaceId}/invites`, { method: 'POST', headers: asOwner, body: JSON.stringify({ email: TAKEN, role: 'member' }) })
    expect(inv.status).toBe(201)
    const token = new URL(await app.linkFromOutbox(TAKEN, '/workspace/invites/')).pathname.split('/').pop()!
    const accepted = await fetch(`${url}/api/workspace/invites/${token}/accept`, { method: 'POST', headers: await bearer(TAKEN) })
    expect(accepted.status).toBe(200)
    const groupName = `Удаляемая ${stamp}`
    const group = await fetch(`${url}/api/workspace/${workspaceId}/groups`, { method: 'POST', headers: asOwner, body: JSON.stringify({ name: groupName }) })
    expect(group.status).toBe(201)

    const { page } = owner
    await page.goto(`${url}${wsPath('members')}`)
    const member = page.getByTestId('member-row').filter({ hasText: TAKEN })
    const removeMember = member.getByRole('button', { name: tr('workspace.members.remove') })
    await removeMember.click()
    await page.getByRole('dialog').getByText(tr('workspace.members.confirmRemove')).waitFor()
    await page.getByRole('dialog').getByTestId('confirm-cancel').click()
    await expect.poll(() => page.getByRole('dialog').count()).toBe(0)
    expect(await member.count()).toBe(1)
    await removeMember.click()
    await page.getByRole('dialog').getByTestId('confirm-ok').click()
    await page.getByText(tr('toast.memberRemoved')).first().waitFor()
    await expect.poll(() => member.count()).toBe(0)

    await page.goto(`${url}${wsPath('groups')}`)
    const row = page.getByTestId('group-row').filter({ hasText: groupName })
    await row.getByTestId('group-delete').click()
    await page.getByRole('dialog').getByTestId('confirm-cancel').click()
    await expect.poll(() => page.getByRole('dialog').count()).toBe(0)
    expect(await row.count()).toBe(1)
    await row.getByTestId('group-delete').click()
    await page.getByRole('dialog').getByTestId('confirm-ok').click()
    await page.getByText(tr('toast.groupDeleted')).first().waitFor()
    await expect.poll(() => row.count()).toBe(0)
  })

  it('revoking an API token asks in the dialog (Cancel keeps it); revoking and signing out are confirmed by a toast', async () => {
    const { page } = owner
    await open(page, '/profile/tokens', page.getByTestId('token-create'))
    await field(page, 'token-name').fill('toast-check')
    await page.getByTestId('token-create').click()
    const row = page.getByTestId('token-row').filter({ hasText: 'toast-check' })
    const revoke = row.getByTestId('token-revoke')
    await revoke.waitFor()
    await revoke.click()
    const dialog = page.getByRole('dialog')
    await dialog.getByText(tr('profile.tokens.confirmRevoke')).waitFor()
    await dialog.getByText('toast-check').waitFor()
    await dialog.getByTestId('confirm-cancel').click()
    await expect.poll(() => dialog.count()).toBe(0)
    expect(await row.getByTestId('token-revoked').count()).toBe(0)
    expect(await revoke.count()).toBe(1)
    await revoke.click()
    await dialog.getByTestId('confirm-ok').click()
    await page.getByText(tr('toast.tokenRevoked')).first().waitFor()
    await row.getByTestId('token-revoked').waitFor()

    await page.getByTestId('user-menu').click()
    await page.getByRole('menuitem', { name: tr('nav.signOut') }).click()
    await page.waitForURL(/\/auth\/login/)
    await page.getByText(tr('toast.signedOut')).first().waitFor()
  })
})

describe('the sign-in page loads no zod', () => {
  /**
   * Every script a fresh browser loads for the page, by URL and text. Link prefetching is
   * off (the browser says Save-Data, which NuxtLink honours): once idle, the page would
   * otherwise prefetch the register page its links point to, zod and all, whenever the
   * machine is slow enough for the idle callback to come before network quiet.
   */
  async function scriptsOf(path: string): Promise<Map<string, string>> {
    const context = await app.browser.newContext({ locale: 'ru-RU' })
    try {
      await context.addInitScript(() => {
        Object.defineProperty(navigator, 'connection', { configurable: true, value: { saveData: true, effectiveType: '4g' } })
      })
      const page = await context.newPage()
      const bodies = new Map<string, Promise<string>>()
      page.on('response', (r) => {
        if (r.request().resourceType() === 'script') bodies.set(r.url(), r.text())
      })
      await page.goto(`${app.server.url}${path}`)
      await expect.poll(() => page.locator('button[type="submit"]').first().isEnabled(), { timeout: 30_000 }).toBe(true)
      await page.waitForLoadState('networkidle')
      return new Map(await Promise.all([...bodies].map(async ([url, text]) => [url, await text] as const)))
    } finally {
      await context.close()
    }
  }
  // zod 4 names its base class by this string; no other library on the site does.
  const isZod = (text: string) => text.includes('"$ZodType"')

  it('its form checks itself without zod (the API still validates with the shared schemas); sign-up, which needs zod, does load it', async () => {
    const login = await scriptsOf('/auth/login')
    expect(login.size).toBeGreaterThan(0)
    expect([...login].filter(([, text]) => isZod(text)).map(([url]) => url)).toEqual([])
    // The marker does find zod where a page uses it.
    expect([...(await scriptsOf('/auth/register')).values()].some(isZod)).toBe(true)
  })
})
