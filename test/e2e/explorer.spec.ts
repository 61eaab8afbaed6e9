import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import ExcelJS from 'exceljs'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { startS3Server, type TS3Server } from '../../scripts/lib/s3-server'
import { caToPem, createCa, issueCertificate, signCms, type TIssuedCertificate } from '../../server/lib/pki/ca'
import { DEMO_PASSWORD, ensureDemoUsers } from '../../server/domains/auth'
import { useDb } from '../../server/lib/db'
import type { Page } from 'playwright-core'
import { startFakeNcaLayer, type TFakeNcaLayer } from '../fakes/ncalayer'
import { PHONE, openPage, saveScreenshot } from '../helpers/browser'
import { noSidewaysScroll, signIn, startE2eApp, validBin, type TE2eApp } from '../helpers/e2e-app'

// The file cabinet in Chromium against the production build, the worker (antivirus) and a
// local S3: a person uploads a PDF with a progress bar, the antivirus passes it, they sign it
// through NCALayer (a fake that speaks its protocol and signs with a test CA's key the server
// trusts) and a colleague with the file open sees the signature arrive without reloading.
// The owner signs in with the same certificate (NCALayer on the login page).
// The Kazakh phone layout is checked on the way.

const OWNER = 'user@dogovor24.kz'
const COLLEAGUE = 'admin@dogovor24.kz'
const IIN = '900101300128'

let app: TE2eApp
let s3: TS3Server
let dir: string
let ncaLayer: TFakeNcaLayer
let signer: TIssuedCertificate
/** The key the fake NCALayer signs with: the owner's, or a party's on its signing page. */
let currentKey: TIssuedCertificate
let partyKeys: TIssuedCertificate[] = []
let signedFileId = ''
let workspaceId = ''

async function api<T>(token: string | null, method: string, url: string, body?: unknown): Promise<T> {
  const res = await fetch(`${app.server.url}${url}`, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  expect(res.status, `${method} ${url}: ${await res.clone().text()}`).toBeLessThan(300)
  return (await res.json()) as T
}
const login = async (email: string) => (await api<{ accessToken: string }>(null, 'POST', '/api/auth/login', { email, password: DEMO_PASSWORD })).accessToken

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'd24-e2e-files-'))
  const ca = await createCa({ commonName: 'D24 E2E ROOT' })
  signer = await issueCertificate(ca, { commonName: 'ДЕМО ПОЛЬЗОВАТЕЛЬ', surname: 'ДЕМО', givenName: 'ПОЛЬЗОВАТЕЛЬ', iin: IIN, keyUser: ['INDIVIDUAL'], usage: 'SIGN' })
  writeFileSync(path.join(dir, 'trusted.pem'), ca.cert.pem)
  // The sandbox eGov phone signs with certificates from the same test CA.
  writeFileSync(path.join(dir, 'egov-ca.pem'), await caToPem(ca))
  // The second party signs through the sandbox eGov, which issues her certificate itself.
  partyKeys = [await issueCertificate(ca, { commonName: 'АХМЕТОВ АЛИ', iin: '851231400011', keyUser: ['INDIVIDUAL'], usage: 'SIGN' })]
  currentKey = signer
  ncaLayer = await startFakeNcaLayer({ sign: (data, o) => signCms(data, currentKey, { detached: !o.attach }) })
  s3 = await startS3Server({ port: 0, dir: path.join(dir, 's3'), buckets: ['e2efiles'], allowOrigins: ['*'] })
  const env = {
    S3_ENDPOINT: s3.endpoint,
    S3_BUCKET: 'e2efiles',
    S3_ACCESS_KEY: 'S3RVER',
    S3_SECRET_KEY: 'S3RVER',
    PKI_TRUSTED_CERTS: path.join(dir, 'trusted.pem'),
    NUXT_PUBLIC_NCA_LAYER_URL: ncaLayer.url,
    EGOV_QR_SANDBOX_CA: path.join(dir, 'egov-ca.pem'),
  }
  // The in-process worker (the antivirus listener) reads the same storage as the server.
  Object.assign(process.env, env)
  app = await startE2eApp('e2e_files', { env })
  await ensureDemoUsers()
  // The demo user's IIN is the test certificate's: signing in with it finds the account.
  await useDb().user.update({ where: { email: OWNER }, data: { iin: IIN } })
  const owner = await login(OWNER)
  workspaceId = (await api<{ id: string }>(owner, 'POST', '/api/workspace', { name: 'Files E2E LLP', bin: validBin() })).id
  await api(owner, 'POST', `/api/workspace/${workspaceId}/invites`, { email: COLLEAGUE, role: 'member' })
  const token = (await app.linkFromOutbox(COLLEAGUE, '/workspace/invites/')).split('/workspace/invites/')[1]!
  await api(await login(COLLEAGUE), 'POST', `/api/workspace/invites/${token}/accept`)
})

afterAll(async () => {
  await app?.close()
  await ncaLayer?.stop()
  await s3?.stop()
  for (const k of ['S3_ENDPOINT', 'S3_BUCKET', 'S3_ACCESS_KEY', 'S3_SECRET_KEY', 'PKI_TRUSTED_CERTS', 'NUXT_PUBLIC_NCA_LAYER_URL', 'EGOV_QR_SANDBOX_CA']) delete process.env[k]
  if (dir) rmSync(dir, { recursive: true, force: true })
})

afterEach((ctx) => app?.screenshotOnFail(ctx, 'files'))

/** The sandbox eGov phone behind a QR panel's launch link: scans, then signs as `name` with `iin`. */
async function signOnSandboxPhone(qrPage: Page, name: string, iin: string, opts: { screenshot?: string; beforeSign?: () => Promise<void> } = {}): Promise<void> {
  const link = await qrPage.getByTestId('egov-open-mobile').getAttribute('href')
  expect(link).toContain('/sandbox/egov/')
  const phone = await openPage(app.browser, app.server.url, { viewport: PHONE })
  app.opened.push(phone)
  await phone.page.goto(link!)
  await phone.page.getByTestId('egov-phone-scan').click()
  // The worker hands the document over once the phone has scanned.
  await phone.page.getByTestId('egov-phone-documents').waitFor({ timeout: 30_000 })
  expect(await phone.page.getByTestId('egov-phone-documents').textContent()).toBeTruthy()
  await phone.page.getByTestId('egov-phone-name').fill(name)
  await phone.page.getByTestId('egov-phone-iin').fill(iin)
  await opts.beforeSign?.()
  if (opts.screenshot) {
    await noSidewaysScroll(phone.page)
    await saveScreenshot(phone.page, opts.screenshot)
  }
  await phone.page.getByTestId('egov-phone-sign').click()
  await phone.page.getByTestId('egov-phone-signed').waitFor({ timeout: 20_000 })
}

/**
 * Signed in (with the password, through NCALayer with the qualified certificate whose IIN the
 * account has, or with eGov mobile by QR on the sandbox phone), with the company workspace
 * current (its own page makes it so), then on `path`.
 */
async function openAs(email: string, pathname: string, options: Parameters<typeof openPage>[2] & { certificate?: 'ncalayer' | 'egov' } = {}) {
  const { certificate, ...contextOptions } = options
  const tracked = await openPage(app.browser, app.server.url, contextOptions)
  app.opened.push(tracked)
  if (certificate) {
    await tracked.page.goto(`${app.server.url}/auth/login`)
    await tracked.page.getByTestId('login-certificate').click()
    if (certificate === 'ncalayer') {
      await tracked.page.getByTestId('ncalayer-sign').click()
    } else {
      await tracked.page.getByTestId('egov-start').click()
      await tracked.page.getByTestId('egov-qr-image').waitFor({ timeout: 15_000 })
      await signOnSandboxPhone(tracked.page, 'Демо Пользователь', IIN)
    }
    await tracked.page.waitForURL((u) => !u.pathname.includes('/auth/login'), { timeout: 30_000 })
  } else {
    await signIn(tracked.page, app.server.url, email, DEMO_PASSWORD)
  }
  await tracked.page.goto(`${app.server.url}/workspace/${workspaceId}`)
  await tracked.page.getByTestId('page-title').first().waitFor()
  await tracked.page.goto(`${app.server.url}${pathname}`)
  return tracked
}

describe('files: upload, antivirus, sign, live update', () => {
  it('uploads with progress, waits for the antivirus, shows NCALayer\'s refusal, signs on retry; a colleague sees it live; the verification page shows it', async () => {
    const { page } = await openAs(OWNER, '/kk/files', { viewport: PHONE, certificate: 'ncalayer' })
    await page.getByTestId('explorer-list').waitFor({ timeout: 15_000 })
    const pdf = Buffer.from('%PDF-1.4\n% Жалға алу шарты\ntrailer <<>>\n%%EOF\n')
    await page.getByTestId('explorer-file-input').setInputFiles({ name: 'Жалға алу шарты.pdf', mimeType: 'application/pdf', buffer: pdf })
    const row = page.getByTestId('explorer-file').filter({ hasText: 'Жалға алу шарты.pdf' })
    await row.waitFor({ timeout: 15_000 })
    // The worker's antivirus passes it; the page learns it without a reload.
    await expect.poll(() => row.getAttribute('data-status'), { timeout: 20_000 }).toBe('clean')
    await noSidewaysScroll(page)
    await saveScreenshot(page, 'files-list-kk-phone.png')
    const fileId = (await row.getAttribute('data-file-id'))!
    signedFileId = fileId

    // The colleague opens the same file in their own browser.
    const other = await openAs(COLLEAGUE, `/files/${fileId}`)
    await other.page.getByTestId('file-signatures').waitFor({ timeout: 15_000 })
    expect(await other.page.getByTestId('file-signature').count()).toBe(0)

    await page.goto(`${app.server.url}/kk/files/${fileId}`)
    // First NCALayer refuses (its own message shows, with a retry), then it signs.
    ncaLayer.behaviour = 'error'
    await page.getByTestId('ncalayer-sign').click()
    await page.getByTestId('ncalayer-error').waitFor({ timeout: 15_000 })
    expect(await page.getByTestId('ncalayer-error').textContent()).toContain(ncaLayer.errorMessage)
    ncaLayer.behaviour = 'ok'
    await page.getByTestId('ncalayer-retry').click()
    await page.getByTestId('file-signature').first().waitFor({ timeout: 20_000 })
    expect(await page.getByTestId('signature-iin').first().textContent()).toContain(IIN)
    // NCALayer was asked for a detached CMS of the file's exact bytes.
    expect(ncaLayer.requests.some((r) => r.method === 'sign')).toBe(true)
    await noSidewaysScroll(page)
    await saveScreenshot(page, 'files-signed-kk-phone.png')

    // Realtime: the colleague's page shows it without reloading.
    await expect.poll(() => other.page.getByTestId('file-signature').count(), { timeout: 15_000 }).toBe(1)
    await saveScreenshot(other.page, 'files-signed-colleague-desktop.png')

    // The public verification page the QR code opens: anyone sees the signer, IIN masked.
    await page.getByTestId('file-verify-link').click()
    await page.getByTestId('verify-signature').first().waitFor({ timeout: 15_000 })
    expect(await page.getByTestId('verify-signature').first().getAttribute('data-valid')).toBe('true')
    expect(await page.locator('main').textContent()).toContain('9001******28')
    await noSidewaysScroll(page)
    await saveScreenshot(page, 'files-verify-kk-phone.png')
  })

  it('sends the signed file to two parties in order: one signs through NCALayer, the other with eGov mobile by QR (the sandbox phone), the sender watches it live, the verification page shows every signature', async () => {
    expect(signedFileId).not.toBe('')
    // The sender signs in with eGov mobile by QR this time.
    const { page } = await openAs(OWNER, `/files/${signedFileId}`, { certificate: 'egov' })
    // First the sender enters the document in the registry from the file page: a numbered card
    // whose status follows the file (signed by the owner alone so far, no parties listed).
    await page.getByTestId('registry-file-card-add').click()
    await page.waitForURL(/\/registry\/[0-9a-f-]{36}/, { timeout: 15_000 })
    const cardUrl = page.url()
    expect(await page.getByTestId('card-number').textContent()).toMatch(/\d{4}-\d{4}/)
    expect(await page.getByTestId('card-status').getAttribute('data-status')).toBe('signed')
    await page.goto(`${app.server.url}/files/${signedFileId}`)
    await page.getByTestId('registry-file-card-registered').waitFor({ timeout: 15_000 })
    await page.getByTestId('signing-new').click()
    const parties = page.getByTestId('signing-party-form')
    await parties.nth(0).getByTestId('party-name').fill('Ахметов Али')
    await parties.nth(0).getByTestId('party-email').fill('ali@example.test')
    await parties.nth(0).getByTestId('party-iin').fill('851231400011')
    await page.getByTestId('signing-add-party').click()
    await parties.nth(1).getByTestId('party-name').fill('Серикова Дана')
    await parties.nth(1).getByTestId('party-email').fill('dana@example.test')
    await parties.nth(1).getByTestId('party-role').fill('Арендатор')
    await page.getByTestId('signing-send').click()
    const request = page.getByTestId('signing-request').first()
    await expect.poll(() => request.getAttribute('data-status'), { timeout: 15_000 }).toBe('active')
    const partyStatuses = () => request.getByTestId('signing-request-party').evaluateAll((els) => els.map((e) => e.getAttribute('data-status')))
    expect(await partyStatuses()).toEqual(['invited', 'waiting'])
    // The registry heard that the file is out for signing (SigningRequestUpdated, through the worker).
    const registry = await openAs(OWNER, new URL(cardUrl).pathname)
    // No reloads: the card's page hears each change on the workspace's channel.
    const cardStatus = () => registry.page.getByTestId('card-status').getAttribute('data-status', { timeout: 15_000 })
    await expect.poll(cardStatus, { timeout: 30_000 }).toBe('partially_signed')

    // The first party opens the emailed link on a phone, without an account, and signs with their key.
    const first = await openPage(app.browser, app.server.url, { viewport: PHONE })
    app.opened.push(first)
    await first.page.goto(await app.linkFromOutbox('ali@example.test', '/sign/'))
    await first.page.getByTestId('signing-act').waitFor({ timeout: 15_000 })
    currentKey = partyKeys[0]!
    await first.page.getByTestId('ncalayer-sign').click()
    await first.page.getByTestId('signing-done').waitFor({ timeout: 20_000 })
    await noSidewaysScroll(first.page)
    await saveScreenshot(first.page, 'signing-party-signed-phone.png')
    // The sender's page hears of it without a reload.
    await expect.poll(partyStatuses, { timeout: 15_000 }).toEqual(['signed', 'invited'])

    // Then the second party's turn: their link arrives only now.
    const second = await openPage(app.browser, app.server.url, { viewport: PHONE })
    app.opened.push(second)
    await second.page.goto((await app.linkFromOutbox('dana@example.test', '/sign/')).replace('/sign/', '/kk/sign/'))
    await second.page.getByTestId('signing-act').waitFor({ timeout: 15_000 })
    expect(await second.page.getByTestId('signing-party').evaluateAll((els) => els.map((e) => e.getAttribute('data-status')))).toEqual(['signed', 'invited'])
    await saveScreenshot(second.page, 'signing-party-kk-phone.png')
    // She signs with eGov mobile by QR: the sandbox eGov plays her phone (the QR's link opens it).
    await second.page.getByTestId('egov-start').click()
    await second.page.getByTestId('egov-qr-image').waitFor({ timeout: 15_000 })
    expect(await second.page.getByTestId('egov-qr-image').evaluate((img) => (img as HTMLImageElement).naturalWidth)).toBeGreaterThan(50)
    await noSidewaysScroll(second.page)
    await saveScreenshot(second.page, 'signing-egov-qr-kk-phone.png')
    await signOnSandboxPhone(second.page, 'Серикова Дана', '920615450013', {
      screenshot: 'sandbox-egov-phone.png',
      // The party's page follows: the phone has the document now.
      beforeSign: () => second.page.getByTestId('egov-waiting').waitFor({ timeout: 15_000 }),
    })
    await second.page.getByTestId('signing-done').waitFor({ timeout: 30_000 })

    await expect.poll(() => request.getAttribute('data-status'), { timeout: 15_000 }).toBe('completed')
    await saveScreenshot(page, 'signing-requests-completed-desktop.png')
    // The registry heard FileSigned and the completed request through the worker: the card's open page shows it signed.
    await expect.poll(cardStatus, { timeout: 30_000 }).toBe('signed')
    await saveScreenshot(registry.page, 'registry-card-signed-desktop.png')
    // A signed company document goes to another organisation through ESEDO (the sandbox gateway, called by the worker).
    await registry.page.getByTestId('card-esedo-recipient').fill('960440000220')
    await registry.page.getByTestId('card-esedo-send').click()
    await expect.poll(() => registry.page.getByTestId('card-esedo-status').getAttribute('data-status', { timeout: 15_000 }), { timeout: 30_000 }).toBe('sent')
    await saveScreenshot(registry.page, 'registry-card-esedo-sent-desktop.png')
    // The register lists it; its XLSX export (from the built server, exceljs and all) holds it as signed.
    const number = (await registry.page.getByTestId('card-number').textContent())!.trim()
    await registry.page.goto(`${app.server.url}/registry`)
    const row = registry.page.locator(`[data-testid="registry-row"][data-card-id="${new URL(cardUrl).pathname.split('/').pop()}"]`)
    await row.waitFor({ timeout: 15_000 })
    expect(await row.getAttribute('data-status')).toBe('signed')
    await saveScreenshot(registry.page, 'registry-list-desktop.png')
    const [download] = await Promise.all([registry.page.waitForEvent('download', { timeout: 20_000 }), registry.page.getByTestId('registry-export-xlsx').click()])
    const book = new ExcelJS.Workbook()
    await book.xlsx.readFile((await download.path())!)
    const rows = book.worksheets[0]!.getSheetValues().filter(Boolean) as unknown[][]
    const exported = rows.find((r) => r[1] === number)
    expect(exported, JSON.stringify(rows)).toBeTruthy()
    expect(exported).toContain('Подписан')
    await app.fromOutbox(OWNER, /Все стороны подписали|Everyone has signed|Барлық тараптар/)

    // The verification page lists the owner's signature and both parties'.
    await second.page.getByTestId('signing-verify-link').click()
    await expect.poll(() => second.page.getByTestId('verify-signature').count(), { timeout: 15_000 }).toBe(3)
    expect(await second.page.locator('main').textContent()).toContain('СЕРИКОВА ДАНА')

    // Sent again, to one party who declines: the reason is required, then the sender sees it.
    const owner = await login(OWNER)
    await api(owner, 'POST', `/api/explorer/files/${signedFileId}/signing-requests`, { parties: [{ name: 'Нурланов Ерлан', email: 'erlan@exmaple.test', step: 1 }] })
    await expect.poll(() => request.getAttribute('data-status'), { timeout: 15_000 }).toBe('active')
    // The sender notices the typo in the address and corrects it: the link goes to the right one.
    await request.getByTestId('signing-contact-edit').click()
    await page.getByTestId('signing-contact-input').fill('erlan@example.test')
    await page.getByTestId('signing-contact-save').click()
    await expect.poll(() => request.getByTestId('signing-request-party').first().textContent(), { timeout: 15_000 }).toContain('erlan@example.test')
    await second.page.goto(await app.linkFromOutbox('erlan@example.test', '/sign/'))
    await second.page.getByTestId('signing-decline-open').click()
    await second.page.getByTestId('signing-decline-send').click()
    await expect.poll(() => second.page.getByTestId('signing-decline-reason').getAttribute('aria-invalid'), { timeout: 15_000 }).toBe('true')
    await second.page.getByTestId('signing-decline-reason').fill('Сумма в пункте 3 неверна')
    await second.page.getByTestId('signing-decline-send').click()
    await second.page.getByTestId('signing-declined').waitFor({ timeout: 15_000 })
    await expect.poll(() => request.getAttribute('data-status'), { timeout: 15_000 }).toBe('declined')
    expect(await page.getByTestId('signing-decline-reason-shown').textContent()).toContain('Сумма в пункте 3 неверна')
  })
})
