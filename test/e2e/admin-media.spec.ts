import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import sharp from 'sharp'
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest'
import { startS3Server, type TS3Server } from '../../scripts/lib/s3-server'
import { PHONE, openPage, saveScreenshot } from '../helpers/browser'
import { field, noSidewaysScroll, startE2eApp, type TE2eApp } from '../helpers/e2e-app'

// The media library page on a phone, against the production build and a local S3: an editor
// uploads an image (the progress row, then the card with its thumbnail served by /media),
// sees which alt texts are missing, writes the Kazakh one, and the mark goes away.

const EDITOR = `media-editor-${Date.now().toString(36)}@example.kz`
const PASSWORD = 'Editor-pass-42'
let app: TE2eApp
let s3: TS3Server
let s3dir: string

beforeAll(async () => {
  s3dir = mkdtempSync(path.join(tmpdir(), 'd24-e2e-media-s3-'))
  s3 = await startS3Server({ port: 0, dir: s3dir, buckets: ['dogovor24'] })
  app = await startE2eApp('e2e_media', { env: { S3_ENDPOINT: s3.endpoint } })
  const { server } = app
  const reg = await fetch(`${server.url}/api/auth/register`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: EDITOR, password: PASSWORD, acceptTerms: true }),
  })
  expect(reg.status).toBe(201)
  const token = new URL(await app.linkFromOutbox(EDITOR, '/auth/verify?token=')).searchParams.get('token')
  const ver = await fetch(`${server.url}/api/auth/verify`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token }) })
  expect(ver.status).toBe(200)
  await app.sql.query(`UPDATE users SET roles = ARRAY['user','editor'] WHERE email = $1`, [EDITOR])
}, 120_000)

afterAll(async () => {
  await app?.close()
  await s3?.stop()
  if (s3dir) rmSync(s3dir, { recursive: true, force: true })
})

afterEach((ctx) => app?.screenshotOnFail(ctx, 'admin-media'))

it('an editor uploads an image, sees the missing alt texts and writes one', async () => {
  const tracked = await openPage(app.browser, app.server.url, { viewport: PHONE, locale: 'ru-RU', isMobile: true, hasTouch: true })
  app.opened.push(tracked)
  const { page, pageErrors } = tracked
  await page.goto(`${app.server.url}/auth/login?redirect=/profile`)
  await page.waitForLoadState('networkidle')
  await field(page, 'login-identifier').fill(EDITOR)
  await field(page, 'login-password').fill(PASSWORD)
  await page.getByTestId('login-submit').click()
  await page.waitForURL((u) => u.pathname === '/profile')

  await page.goto(`${app.server.url}/admin/media`)
  await page.waitForLoadState('networkidle')
  const png = await sharp({ create: { width: 900, height: 600, channels: 3, background: { r: 20, g: 120, b: 200 } } }).png().toBuffer()
  await page.getByTestId('media-file').setInputFiles({ name: 'офис.png', mimeType: 'image/png', buffer: png })
  const card = page.getByTestId('media-card').first()
  await expect.poll(() => card.textContent(), { timeout: 20_000 }).toContain('офис.png')
  // The thumbnail really loads from /media (WebP, 320 px).
  await expect.poll(() => card.locator('img').evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth), { timeout: 10_000 }).toBe(320)
  expect(await card.getByTestId('media-missing-alt').textContent()).toMatch(/русский.*казахский.*английский/)

  await card.getByTestId('media-alt-edit').click()
  await card.locator('input[name$="-ru"]').fill('Офис компании')
  await card.locator('input[name$="-kk"]').fill('Компания кеңсесі')
  await card.getByTestId('media-alt-save').click()
  await expect.poll(() => card.getByTestId('media-missing-alt').textContent(), { timeout: 10_000 }).not.toMatch(/казахский/)
  expect(await card.locator('img').getAttribute('alt')).toBe('Офис компании')
  await noSidewaysScroll(page)
  await saveScreenshot(page, 'admin-media-phone.png')
  expect(pageErrors).toEqual([])
})
