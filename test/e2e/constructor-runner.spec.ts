import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import type { Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { startS3Server, type TS3Server } from '../../scripts/lib/s3-server'
import { openPage, PHONE, saveScreenshot, seriousAxeViolations, type TTrackedPage } from '../helpers/browser'
import { activeAccount, field, noSidewaysScroll, payWithSandboxCard, startE2eApp, type TE2eApp } from '../helpers/e2e-app'
import { KZ, leaseAnswers, leaseBody, leaseQuestionnaire } from '../helpers/lease-template'
import { SANDBOX_CARDS } from '../../shared/billing'

// The end user's questionnaire runner: a lawyer's published lease, found through search in
// Russian and started signed out (sign-in, then back), a saved person used for one party, the other typed
// with the preview following, the review, «Finish», then DOCX and PDF made by the worker
// (LibreOffice for the PDF) and downloaded from a local S3. Then a phone in Kazakh.

const PASSWORD = 'Secret-pass-42'
const stamp = Date.now().toString(36)
const LAWYER = `runner-lawyer-${stamp}@example.kz`
const USER = `runner-user-${stamp}@example.kz`

let app: TE2eApp
let s3: TS3Server
let s3dir: string
let desk: TTrackedPage
let templateId = ''
let userToken = ''
let paidTemplateId = ''

const json = { 'content-type': 'application/json' }
async function apiCall<T = Record<string, unknown>>(method: string, url: string, token: string, body?: unknown): Promise<T> {
  const r = await fetch(`${app.server.url}${url}`, { method, headers: { ...json, authorization: `Bearer ${token}` }, body: body === undefined ? undefined : JSON.stringify(body) })
  const data = (await r.json()) as T
  if (r.status >= 300) throw new Error(`${method} ${url}: ${r.status} ${JSON.stringify(data)}`)
  return data
}
async function login(email: string): Promise<string> {
  const r = await fetch(`${app.server.url}/api/auth/login`, { method: 'POST', headers: json, body: JSON.stringify({ identifier: email, password: PASSWORD }) })
  return ((await r.json()) as { accessToken: string }).accessToken
}

beforeAll(async () => {
  s3dir = mkdtempSync(path.join(tmpdir(), 'd24-runner-s3-'))
  s3 = await startS3Server({ port: 0, dir: s3dir, buckets: ['runner'] })
  // The built server and the worker (this process) store and sign documents in it.
  Object.assign(process.env, { S3_ENDPOINT: s3.endpoint, S3_BUCKET: 'runner', S3_ACCESS_KEY: 'S3RVER', S3_SECRET_KEY: 'S3RVER' })
  app = await startE2eApp('e2e_runner')
  await activeAccount(app, LAWYER, PASSWORD)
  await activeAccount(app, USER, PASSWORD)
  await app.sql.query(`UPDATE users SET roles = ARRAY['user','lawyer'] WHERE email = $1`, [LAWYER])
  const lawyer = await login(LAWYER)
  const created = await apiCall<{ id: string }>('POST', '/api/document/templates', lawyer, {
    title: { ru: 'Договор аренды', kk: 'Жалға алу шарты' },
    bilingual: true,
    body: leaseBody,
    questionnaire: leaseQuestionnaire,
  })
  templateId = created.id
  await apiCall('POST', `/api/document/templates/${templateId}/publish`, lawyer)
  // The same lease at a price: generated, shown as a blurred sample, not downloaded.
  const paid = await apiCall<{ id: string }>('POST', '/api/document/templates', lawyer, {
    title: { ru: 'Договор аренды (платный)', kk: 'Жалға алу шарты (ақылы)' },
    bilingual: true,
    body: leaseBody,
    questionnaire: leaseQuestionnaire,
    priceMinor: 500_000,
    currency: 'KZT',
  })
  paidTemplateId = paid.id
  await apiCall('POST', `/api/document/templates/${paidTemplateId}/publish`, lawyer)
  userToken = await login(USER)
  await apiCall('POST', '/api/document/answer-sets', userToken, {
    kind: 'person',
    label: 'Ахметов (я)',
    data: { last: 'Ахметов', first: 'Нурлан', middle: 'Серикович', iin: KZ.iinMale },
  })
  desk = await openPage(app.browser, app.server.url, { locale: 'ru-RU', viewport: { width: 1280, height: 900 } })
  app.opened.push(desk)
})

afterEach(async (ctx) => {
  await app?.screenshotOnFail(ctx, 'constructor-runner')
})

afterAll(async () => {
  await app?.close()
  await s3?.stop()
  rmSync(s3dir, { recursive: true, force: true })
})

const preview = (page: Page) => page.getByTestId('runner-preview').first()

async function downloadBytes(page: Page, testId: string): Promise<Buffer> {
  const [download] = await Promise.all([page.waitForEvent('download', { timeout: 30_000 }), page.getByTestId(testId).click()])
  return readFileSync((await download.path())!)
}

describe('constructor runner', () => {
  it('finds the template by searching in Russian, fills with a saved person, reviews, finishes and downloads DOCX and PDF', async () => {
    const { page } = desk
    const { url } = app.server
    // Found by searching in Russian: the published template is indexed by the worker
    // (TemplatePublished → content) and its hit leads to the runner's start.
    const hit = page.getByTestId('search-hits').locator(`a[href$="template=${templateId}"]`)
    await expect
      .poll(
        async () => {
          await page.goto(`${url}/search?q=${encodeURIComponent('договор аренды')}`)
          return hit.count()
        },
        { timeout: 30_000, interval: 1000 },
      )
      .toBe(1)
    // Signed out: sign in first, then the filling starts by itself.
    await hit.click()
    await page.waitForURL((u) => u.pathname === '/auth/login')
    expect(new URL(page.url()).searchParams.get('redirect')).toBe(`/constructor?template=${templateId}`)
    await field(page, 'login-identifier').fill(USER)
    await field(page, 'login-password').fill(PASSWORD)
    await page.getByTestId('login-submit').click()
    await page.waitForURL((u) => u.pathname.startsWith('/constructor/fill/'), { timeout: 20_000 })
    const fillingId = new URL(page.url()).pathname.split('/').pop()!
    await expect.poll(() => page.getByTestId('runner-page-parties').isVisible(), { timeout: 15_000 }).toBe(true)
    await expect.poll(() => preview(page).textContent()).toContain('ДОГОВОР АРЕНДЫ')
    expect(await seriousAxeViolations(page)).toEqual([])

    // The landlord from the saved details.
    await page.getByTestId('q-landlord.kind').getByRole('radio', { name: 'Физическое лицо' }).click()
    await page.getByTestId('question-landlord').getByTestId('sets-use').click()
    await page.getByRole('menuitem', { name: 'Ахметов (я)' }).click()
    await expect.poll(() => field(page, 'q-landlord.person.last').inputValue()).toBe('Ахметов')
    await expect.poll(() => preview(page).textContent()).toContain('Ахметов Нурлан Серикович')

    // The tenant typed: the preview follows.
    await page.getByTestId('q-tenant.kind').getByRole('radio', { name: 'Физическое лицо' }).click()
    await field(page, 'q-tenant.person.last').fill('Петрова')
    await expect.poll(() => preview(page).textContent()).toContain('Петрова')
    await field(page, 'q-tenant.person.first').fill('Анна')
    // A wrong IIN is shown at its field and not saved; the right one is.
    await field(page, 'q-tenant.person.iin').fill('123456789012')
    await expect.poll(() => page.getByTestId('runner-save-state').getAttribute('data-state'), { timeout: 10_000 }).toBe('invalid')
    await expect.poll(() => page.getByTestId('question-tenant').textContent()).toContain('ИИН неверен')
    await field(page, 'q-tenant.person.iin').fill(KZ.iin2)
    await expect.poll(() => page.getByTestId('runner-save-state').getAttribute('data-state'), { timeout: 10_000 }).toBe('saved')
    // «Save these details for next time»: stays on the page, the set is stored.
    await page.getByTestId('question-tenant').getByTestId('sets-save').click()
    await field(page, 'sets-label').fill('Петрова А.')
    await page.getByTestId('sets-save-submit').click()
    await expect.poll(async () => (await apiCall<{ label: string }[]>('GET', '/api/document/answer-sets', userToken)).map((x) => x.label).sort()).toEqual(['Ахметов (я)', 'Петрова А.'])
    expect(await page.getByTestId('runner-page-parties').isVisible()).toBe(true)
    await saveScreenshot(page, 'constructor-runner-desktop-parties.png')
    await page.getByTestId('runner-next').click()

    // Terms: required fields are asked for on «Next».
    await page.getByTestId('runner-page-terms').waitFor()
    await page.getByTestId('runner-next').click()
    await expect.poll(() => page.getByTestId('question-startDate').textContent()).toContain('Заполните это поле')
    await field(page, 'q-premisesAddress.city').fill('Алматы')
    await field(page, 'q-premisesAddress.line').fill('пр. Абая, 10')
    await field(page, 'q-startDate').fill('2026-12-01')
    await field(page, 'q-termDays').fill('30')
    await field(page, 'q-rent').fill('120000')
    await expect.poll(() => preview(page).textContent()).toContain('сто двадцать тысяч')
    await page.getByTestId('runner-next').click()
    await page.getByTestId('runner-page-items').waitFor()
    await page.getByTestId('runner-next').click()

    // Review, then finish.
    await page.getByTestId('runner-review').waitFor()
    await expect.poll(() => page.getByTestId('review-tenant').textContent()).toContain('Петрова')
    await saveScreenshot(page, 'constructor-runner-desktop-review.png')
    await page.getByTestId('runner-finish').click()
    await page.getByTestId('runner-done').waitFor({ timeout: 15_000 })
    const stored = await app.sql.query<{ status: string; answers: { tenant: { person: { iin: string } } } }>(`SELECT status::text, answers FROM fillings WHERE id = $1`, [fillingId])
    expect(stored.rows[0]!.status).toBe('complete')
    expect(stored.rows[0]!.answers.tenant.person.iin).toBe(KZ.iin2)

    await page.getByTestId('doc-docx-download').waitFor({ timeout: 30_000 })
    const docx = await downloadBytes(page, 'doc-docx-download')
    expect(docx.subarray(0, 2).toString('latin1')).toBe('PK')
    // LibreOffice starts with the first PDF: quick on a quiet machine, up to a minute or two on a loaded one.
    await page.getByTestId('doc-pdf-download').waitFor({ timeout: 150_000 })
    const pdf = await downloadBytes(page, 'doc-pdf-download')
    expect(pdf.subarray(0, 4).toString('latin1')).toBe('%PDF')
    await saveScreenshot(page, 'constructor-runner-desktop-done.png')
    expect(desk.pageErrors).toEqual([])
  }, 240_000)

  it('works on a phone in Kazakh: the preview tab, Kazakh texts, a paid document, my documents, saved details', async () => {
    const started = await apiCall<{ id: string }>('POST', '/api/document/fillings', userToken, { templateId })
    const phone = await openPage(app.browser, app.server.url, { locale: 'kk-KZ', viewport: PHONE, storageState: await desk.context.storageState() })
    app.opened.push(phone)
    const { page } = phone
    await page.goto(`${app.server.url}/kk/constructor/fill/${started.id}`)
    await page.getByTestId('runner-page-parties').waitFor({ timeout: 15_000 })
    expect(await page.getByTestId('runner-page-parties').textContent()).toContain('Тараптар')
    expect(await page.getByTestId('runner-next').textContent()).toContain('Әрі қарай')
    expect(await preview(page).isVisible()).toBe(false)
    await noSidewaysScroll(page)
    expect(await seriousAxeViolations(page)).toEqual([])
    await saveScreenshot(page, 'constructor-runner-phone-kk-form.png')
    await page.getByTestId('runner-tab-preview').click()
    await expect.poll(() => preview(page).isVisible()).toBe(true)
    expect(await preview(page).textContent()).toContain('ЖАЛҒА БЕРУ ШАРТЫ')
    await noSidewaysScroll(page)
    await saveScreenshot(page, 'constructor-runner-phone-kk-preview.png')

    // A paid document: its price, a blurred sample, no download.
    const paidFilling = await apiCall<{ id: string }>('POST', '/api/document/fillings', userToken, { templateId: paidTemplateId })
    await apiCall('PATCH', `/api/document/fillings/${paidFilling.id}/answers`, userToken, { answers: leaseAnswers, locale: 'kk' })
    await apiCall('POST', `/api/document/fillings/${paidFilling.id}/complete`, userToken, { locale: 'kk' })
    await page.goto(`${app.server.url}/kk/constructor/fill/${paidFilling.id}`)
    await page.getByTestId('runner-paid').waitFor({ timeout: 15_000 })
    expect(await page.getByTestId('runner-paid').textContent()).toMatch(/ақылы.*5\s?000/s)
    await expect.poll(() => page.getByTestId('doc-docx').getAttribute('data-status'), { timeout: 60_000 }).toBe('ready')
    expect(await page.getByTestId('doc-docx').textContent()).toContain('DOCX дайын')
    expect(await page.getByTestId('doc-docx-download').count()).toBe(0)
    await saveScreenshot(page, 'constructor-runner-phone-kk-paid.png')

    // Buying it: the checkout, the sandbox card page, and back here, where it unlocks and downloads.
    await page.getByTestId('runner-buy').click()
    await page.waitForURL((u) => u.pathname.startsWith('/kk/billing/checkout/'))
    expect(await page.getByTestId('checkout-total').textContent()).toMatch(/^5\s?000\s?₸$/)
    await page.getByTestId('checkout-pay').click()
    await page.waitForURL((u) => u.pathname.startsWith('/kk/billing/pay/'))
    await payWithSandboxCard(page, SANDBOX_CARDS.success)
    await page.waitForURL((u) => u.pathname === `/kk/constructor/fill/${paidFilling.id}` && u.searchParams.has('order'))
    const orderId = new URL(page.url()).searchParams.get('order')!
    await page.getByTestId('doc-docx-download').waitFor({ timeout: 60_000 })
    expect(await page.getByTestId('runner-paid').count()).toBe(0)
    expect((await downloadBytes(page, 'doc-docx-download')).subarray(0, 2).toString()).toBe('PK')
    // Its receipt is a PDF, and OrderPaid reached the notification domain's queue (its receipt row).
    const receipt = await fetch(`${app.server.url}/api/billing/orders/${orderId}/receipt?lang=kk`, { headers: { authorization: `Bearer ${userToken}` } })
    expect(receipt.status).toBe(200)
    expect(Buffer.from(await receipt.arrayBuffer()).subarray(0, 5).toString()).toBe('%PDF-')
    await expect
      .poll(async () => (await app.sql.query(`SELECT count(*)::int AS n FROM event_receipts r JOIN event_outbox o ON o.id = r.event_id WHERE o.name = 'OrderPaid' AND o.payload->>'orderId' = $1 AND r.listener = 'notification.OrderPaid'`, [orderId])).rows[0].n, { timeout: 30_000 })
      .toBe(1)

    await page.goto(`${app.server.url}/kk/constructor/my`)
    await expect.poll(() => page.getByTestId('my-filling').count(), { timeout: 15_000 }).toBe(3)
    expect(await page.getByTestId('my-fillings').textContent()).toContain('Жалға алу шарты')
    await noSidewaysScroll(page)
    await saveScreenshot(page, 'constructor-runner-phone-kk-my.png')

    // Saved details: both sets, in Kazakh.
    await page.goto(`${app.server.url}/kk/constructor/details`)
    await expect.poll(() => page.getByTestId('details-set').count(), { timeout: 15_000 }).toBe(2)
    expect(await page.getByTestId('page-title').textContent()).toContain('Сақталған деректер')
    await noSidewaysScroll(page)
    await saveScreenshot(page, 'constructor-runner-phone-kk-details.png')
    expect(phone.pageErrors).toEqual([])
  })
})
