import { mkdirSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { resolve } from 'node:path'
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from 'playwright-core'
import { ROOT } from './server'

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
export const ARTIFACTS_DIR = resolve(ROOT, 'test/artifacts')
export const PHONE = { width: 390, height: 844 }

/** Debian's Chromium, headless, with everything that would call home switched off. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  })
}

export interface TTrackedPage {
  context: BrowserContext
  page: Page
  /** Every request the page made to another origin than `origin` (icon/font APIs, trackers...). */
  foreignRequests: string[]
  /** Uncaught page errors, so a test can assert the app did not crash in the browser. */
  pageErrors: string[]
}

/** A fresh context (own cookies) and page that records requests leaving `origin`. */
export async function openPage(browser: Browser, origin: string, options: BrowserContextOptions = {}): Promise<TTrackedPage> {
  return newTrackedPage(await browser.newContext(options), origin)
}

/** Another page in `context` (same cookies), tracked like openPage's. */
export async function newTrackedPage(context: BrowserContext, origin: string): Promise<TTrackedPage> {
  const page = await context.newPage()
  const foreignRequests: string[] = []
  const pageErrors: string[] = []
  page.on('request', (req) => {
    const url = req.url()
    if (!url.startsWith(origin) && !url.startsWith('data:') && !url.startsWith('blob:')) foreignRequests.push(url)
  })
  page.on('pageerror', (err) => pageErrors.push(err.message))
  return { context, page, foreignRequests, pageErrors }
}

/** Saves a screenshot under test/artifacts/ (gitignored) and returns its path. */
export async function saveScreenshot(page: Page, name: string): Promise<string> {
  mkdirSync(ARTIFACTS_DIR, { recursive: true })
  const path = resolve(ARTIFACTS_DIR, name)
  await page.screenshot({ path, fullPage: true })
  return path
}

let axeSource: string | undefined
/** axe-core on the page as it is now: its serious and critical violations, as `rule: targets`. */
export async function seriousAxeViolations(page: Page): Promise<string[]> {
  axeSource ??= readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8')
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axeSource)
  return page.evaluate(async () => {
    const w = window as unknown as { axe: { run: (ctx: Document, o: object) => Promise<{ violations: Array<{ id: string; impact: string; nodes: Array<{ target: string[] }> }> }> } }
    const r = await w.axe.run(document, { resultTypes: ['violations'] })
    return r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`)
  })
}
