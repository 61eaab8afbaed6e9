import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { BrowserContext, Page } from 'playwright-core'
import { PHONE, newTrackedPage, openPage, saveScreenshot, type TTrackedPage } from '../helpers/browser'
import { openInLanguage } from '../helpers/i18n'
import { localizedPath } from '../../shared/locales'
import { signIn, startE2eApp, validBin, type TE2eApp } from '../helpers/e2e-app'
import { DEMO_PASSWORD, ensureDemoUsers, findUserByContact } from '../../server/domains/auth'
import { seedContent } from '../../server/domains/content'
import { useDb } from '../../server/lib/db'

// Every page of the site, each in ru, kk and en and at desktop (1366×900) and phone
// (390×844) size (share() below says which language at which size), against the production
// build: axe-core finds no serious or critical violation, and Vue logs no hydration mismatch. Signed-in pages are
// seen as the demo admin, who also has a workspace and an invitation to open. Plus the
// keyboard basics axe cannot judge: the skip link and a visible focus ring on every control.

const LANGS = ['ru', 'kk', 'en'] as const
type TLang = (typeof LANGS)[number]
const SIZES = { desktop: { width: 1366, height: 900 }, phone: PHONE } as const
type TSize = keyof typeof SIZES
const ADMIN = 'admin@dogovor24.kz'
const OWNER = 'user@dogovor24.kz'

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8')

let app: TE2eApp
let workspaceId = ''
let inviteToken = ''
let contentItemId = ''
let fileId = ''
let cardId = ''
let signToken = ''

/** The one place that says how a page is opened in a language: its prefixed URL. */
async function openIn(page: Page, lang: TLang, path: string) {
  return openInLanguage(page, app.server.url, path, lang)
}

const publicPages = () => [
  '/',
  '/catalog',
  // The demo catalog (seedContent below): a section, a document, the articles.
  '/catalog/trud-i-personal',
  '/documents/trudovoj-dogovor',
  '/articles',
  '/articles/kak-sostavit-trudovoj-dogovor',
  '/search',
  '/constructor',
  '/chat',
  '/amicus',
  '/pricing',
  '/auth/login',
  '/auth/register',
  '/auth/forgot-password',
  '/auth/reset-password',
  '/auth/verify',
  '/auth/confirm-email',
  '/legal/terms',
  '/verify',
  '/verify/a11yverify2345',
  // A party's signing page, opened from the link a signing request mailed.
  `/sign/${signToken}`,
  '/no-such-page-a11y',
]
const signedInPages = () => [
  '/welcome',
  '/billing',
  '/profile',
  '/profile/security',
  '/profile/sessions',
  '/profile/tokens',
  '/profile/history',
  '/workspace',
  `/workspace/${workspaceId}`,
  `/workspace/invites/${inviteToken}`,
  '/admin',
  '/admin/users',
  '/admin/audit',
  '/admin/events',
  '/admin/integrations',
  '/admin/content',
  '/admin/media',
  '/admin/promo-codes',
  // The constructor's own pages: a lawyer's templates, a person's documents and saved details.
  '/files',
  `/files/${fileId}`,
  '/registry',
  `/registry/${cardId}`,
  '/constructor/templates',
  '/constructor/my',
  '/constructor/details',
  `/admin/content/${contentItemId}`,
]

async function apiLogin(email: string): Promise<string> {
  const res = await fetch(`${app.server.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: DEMO_PASSWORD }),
  })
  expect(res.status).toBe(200)
  return ((await res.json()) as { accessToken: string }).accessToken
}

async function apiPost<T>(token: string, path: string, body: unknown): Promise<T> {
  const res = await fetch(`${app.server.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify(body),
  })
  expect(res.status, `${path}: ${await res.clone().text()}`).toBe(201)
  return (await res.json()) as T
}

beforeAll(async () => {
  app = await startE2eApp('e2e_a11y')
  // startE2eApp pointed this process's config at the spec's database.
  await ensureDemoUsers()
  await seedContent((await findUserByContact({ email: ADMIN }))!.id)
  contentItemId = (await useDb().contentItem.findFirstOrThrow({ where: { kind: 'description', slugRu: 'trudovoj-dogovor' } })).id
  const admin = await apiLogin(ADMIN)
  workspaceId = (await apiPost<{ id: string }>(admin, '/api/workspace', { name: 'Access LLP', bin: validBin() })).id
  // The demo user invites the admin: the admin's invitation page is a signed-in page to check.
  const owner = await apiLogin(OWNER)
  const other = await apiPost<{ id: string }>(owner, '/api/workspace', { name: 'Inviting LLP', bin: '050140005121' })
  await apiPost(owner, `/api/workspace/${other.id}/invites`, { email: ADMIN, role: 'member' })
  inviteToken = (await app.linkFromOutbox(ADMIN, '/workspace/invites/')).split('/workspace/invites/')[1]!
  // A checked file in the admin's company workspace (rows only: its page reads no bytes until asked to).
  const adminId = (await findUserByContact({ email: ADMIN }))!.id
  const file = await useDb().file.create({ data: { workspaceId, name: 'Договор аренды.pdf', createdBy: adminId, verifyCode: 'a11yverify2345' } })
  await useDb().fileVersion.create({
    data: { fileId: file.id, number: 1, objectKey: `explorer/${workspaceId}/a11y.pdf`, size: 2048, mimeType: 'application/pdf', status: 'clean', sha256: 'ab'.repeat(32), createdBy: adminId },
  })
  fileId = file.id
  await apiPost(admin, `/api/explorer/files/${fileId}/signing-requests`, {
    parties: [{ name: 'Ахметов Али', email: 'a11y-party@example.test', role: 'Арендатор', iin: '851231400011', step: 1 }],
    message: 'Прошу подписать договор',
  })
  signToken = (await app.linkFromOutbox('a11y-party@example.test', '/sign/')).split('/sign/')[1]!
  cardId = (
    await apiPost<{ id: string }>(admin, '/api/registry/cards', {
      workspaceId,
      fileId,
      title: 'Договор аренды',
      typeCode: 'lease',
      amountMinor: 15_000_000,
      currency: 'KZT',
      parties: [{ kind: 'person', name: 'Ахметов Али', taxId: '851231400011', role: 'Арендатор' }],
    })
  ).id
})

afterAll(async () => {
  await app?.close()
})

afterEach((ctx) => app?.screenshotOnFail(ctx, 'a11y'))

interface TFinding {
  page: string
  rule: string
  impact: string
  targets: string[]
  help: string
}

/** axe-core on the page as it is now; only serious and critical violations count. */
async function axe(page: Page): Promise<Array<Omit<TFinding, 'page'>>> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axeSource)
  return page.evaluate(async () => {
    const w = window as unknown as { axe: { run: (ctx: Document, o: object) => Promise<{ violations: any[] }> } }
    const { violations } = await w.axe.run(document, { resultTypes: ['violations'] })
    return violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => ({
        rule: v.id,
        impact: v.impact,
        help: v.help,
        targets: v.nodes.slice(0, 5).map((n: any) => `${n.target.join(' ')} ${String(n.html).slice(0, 160)}`),
      }))
  })
}

/** Opens each page, waits until it has settled (hydrated, data loaded) and checks it. */
async function sweep(tracked: TTrackedPage, lang: TLang, size: TSize, paths: string[]) {
  const { page } = tracked
  const findings: TFinding[] = []
  const hydration: string[] = []
  let current = ''
  const onConsole = (msg: { text(): string }) => {
    if (/hydrat/i.test(msg.text())) hydration.push(`${current}: ${msg.text().slice(0, 300)}`)
  }
  page.on('console', onConsole)
  try {
    for (const path of paths) {
      current = `${lang} ${size} ${path}`
      await openIn(page, lang, path)
      await page.waitForLoadState('networkidle')
      // A page rendered in the browser is an empty shell until its scripts have run, and the
      // network can go quiet before they have on a loaded machine: check the page, not the shell.
      await page.locator('#__nuxt main').first().waitFor()
      // A signed-in page must not have bounced to the login page (its check would prove nothing).
      if (!path.startsWith('/auth') && !path.startsWith('/no-such')) expect(new URL(page.url()).pathname, current).toBe(localizedPath(path, lang))
      for (const f of await axe(page)) findings.push({ page: current, ...f })
    }
  } finally {
    page.off('console', onConsole)
  }
  return { findings, hydration }
}

/**
 * The pages `lang` sweeps at `size`: every page is seen once, at one size in one language;
 * down the list the sizes alternate and the languages take turns, so each language sees a
 * third of the pages at each size. What axe judges (names, labels, roles, contrast) comes
 * from the same markup and styles in every language and at both sizes, which every page
 * shares through its layout; locales.test.ts checks every key exists in every language. More
 * visits (every page in every language at both sizes, then twice) no longer fit CI's time
 * budget on this machine.
 */
function share(paths: string[], lang: TLang, size: TSize): string[] {
  return paths.filter((_, i) => (i % 2 === 0 ? 'phone' : 'desktop') === size && LANGS[Math.floor(i / 2) % LANGS.length] === lang)
}

function report(findings: TFinding[]): string[] {
  return findings.map((f) => `${f.page} · ${f.impact} ${f.rule} (${f.help}) at ${f.targets.join(' | ')}`)
}

// The three languages of a size are swept at once, each in its own page (the signed-in
// ones share one context, so one sign-in): most of a visit is waiting for the network to
// go quiet, which three pages do side by side.
describe.each(Object.keys(SIZES) as TSize[])('every page at %s size', (size) => {
  const anonymous = new Map<TLang, TTrackedPage>()
  const admin = new Map<TLang, TTrackedPage>()
  const contexts: BrowserContext[] = []
  const options = (s: TSize) => (s === 'phone' ? { viewport: PHONE, isMobile: true, hasTouch: true } : { viewport: SIZES.desktop })

  beforeAll(async () => {
    const anonContext = await app.browser.newContext(options(size))
    const adminContext = await app.browser.newContext(options(size))
    contexts.push(anonContext, adminContext)
    for (const lang of LANGS) {
      anonymous.set(lang, await newTrackedPage(anonContext, app.server.url))
      admin.set(lang, await newTrackedPage(adminContext, app.server.url))
    }
    app.opened.push(...anonymous.values(), ...admin.values())
    await signIn(admin.get('ru')!.page, app.server.url, ADMIN, DEMO_PASSWORD)
  })

  afterAll(async () => {
    for (const c of contexts) await c.close()
  })

  it.concurrent.each(LANGS)('%s: no serious or critical axe violation, no hydration mismatch', async (lang) => {
    const anon = anonymous.get(lang)!
    const signedIn = admin.get(lang)!
    const pub = await sweep(anon, lang, size, share(publicPages(), lang, size))
    const priv = await sweep(signedIn, lang, size, share(signedInPages(), lang, size))
    expect({
      axe: report([...pub.findings, ...priv.findings]),
      hydration: [...pub.hydration, ...priv.hydration],
      pageErrors: [...anon.pageErrors, ...signedIn.pageErrors],
    }).toEqual({ axe: [], hydration: [], pageErrors: [] })
  }, 420_000)
})

/** Colour as sRGB 0..255, whatever notation the browser computed (oklch, rgb, color()). */
async function toRgb(page: Page, colors: string[]): Promise<number[][]> {
  return page.evaluate((list) => {
    const ctx = document.createElement('canvas').getContext('2d', { willReadFrequently: true })!
    return list.map((c) => {
      ctx.clearRect(0, 0, 1, 1)
      ctx.fillStyle = c
      ctx.fillRect(0, 0, 1, 1)
      return [...ctx.getImageData(0, 0, 1, 1).data.slice(0, 3)]
    })
  }, colors)
}

function ratio(a: number[], b: number[]): number {
  const lum = (rgb: number[]) => {
    const [r, g, b2] = rgb.map((v) => {
      const c = v / 255
      return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4
    }) as [number, number, number]
    return 0.2126 * r + 0.7152 * g + 0.0722 * b2
  }
  const [x, y] = [lum(a), lum(b)]
  return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05)
}

describe('keyboard', () => {
  let tracked: TTrackedPage
  let context: BrowserContext

  beforeAll(async () => {
    tracked = await openPage(app.browser, app.server.url, { viewport: SIZES.desktop })
    context = tracked.context
    app.opened.push(tracked)
  })
  afterAll(async () => {
    await context?.close()
  })

  it.each([
    ['ru', 'Перейти к содержимому'],
    ['kk', 'Мазмұнға өту'],
    ['en', 'Skip to content'],
  ] as const)('%s: the first Tab reaches a visible, translated skip link that moves focus to main', async (lang, label) => {
    const { page } = tracked
    await openIn(page, lang, '/catalog')
    await page.waitForLoadState('networkidle')
    await page.keyboard.press('Tab')
    const first = await page.evaluate(() => {
      const el = document.activeElement as HTMLElement
      const r = el.getBoundingClientRect()
      return { text: el.textContent?.trim(), href: el.getAttribute('href'), visible: r.width > 1 && r.height > 1 }
    })
    expect(first).toEqual({ text: label, href: '#main', visible: true })
    await page.keyboard.press('Enter')
    await expect.poll(() => page.evaluate(() => (document.activeElement as HTMLElement).tagName + '#' + document.activeElement!.id)).toBe('MAIN#main')
  })

  it.each([
    ['/', 'ru'],
    ['/auth/register', 'kk'],
  ] as const)('on %s every control Tab reaches shows a focus outline of at least 3:1 against the page', async (path, lang) => {
    const { page } = tracked
    await openIn(page, lang, path)
    await page.waitForLoadState('networkidle')
    const weak: string[] = []
    const seen = new Set<string>()
    for (let i = 0; i < 25; i++) {
      await page.keyboard.press('Tab')
      const f = await page.evaluate(async () => {
        const el = document.activeElement as HTMLElement | null
        if (!el || el === document.body) return null
        // Controls fade their colours in (outline-color is among them): judge the settled ring.
        await Promise.all(el.getAnimations().map((a) => a.finished.catch(() => {})))
        const s = getComputedStyle(el)
        // The colour the outline is drawn on: the nearest ancestor with a painted background.
        let bg = 'rgb(255, 255, 255)'
        for (let n: HTMLElement | null = el.parentElement; n; n = n.parentElement) {
          const b = getComputedStyle(n).backgroundColor
          if (b && b !== 'transparent' && !/rgba\(.*, 0\)$/.test(b)) {
            bg = b
            break
          }
        }
        const id = `${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''}[${(el.getAttribute('aria-label') ?? el.textContent ?? '').trim().slice(0, 30)}]`
        return { id, style: s.outlineStyle, width: parseFloat(s.outlineWidth), color: s.outlineColor, bg }
      })
      if (!f || seen.has(f.id)) continue
      seen.add(f.id)
      const [outline, bg] = await toRgb(page, [f.color, f.bg])
      const r = ratio(outline!, bg!)
      if (f.style === 'none' || f.width < 2 || r < 3) weak.push(`${f.id}: outline ${f.style} ${f.width}px ${f.color} on ${f.bg} (${r.toFixed(2)}:1)`)
    }
    expect(seen.size).toBeGreaterThan(5)
    expect(weak).toEqual([])
  })
})

describe('Kazakh register page on a phone', () => {
  it('shows the channel tabs whole, not cut off; screenshot saved', async () => {
    const tracked = await openPage(app.browser, app.server.url, { viewport: PHONE, isMobile: true, hasTouch: true })
    app.opened.push(tracked)
    const { page } = tracked
    await openIn(page, 'kk', '/auth/register')
    await page.waitForLoadState('networkidle')
    const tabs = page.getByRole('tab')
    expect(await tabs.count()).toBe(2)
    const cut = await tabs.evaluateAll((els) =>
      els.flatMap((el) => [...el.querySelectorAll('span')].filter((s) => s.scrollWidth > s.clientWidth + 1).map((s) => s.textContent)),
    )
    expect(cut).toEqual([])
    await saveScreenshot(page, 'a11y-register-kk-390x844.png')
    await tracked.context.close()
  })
})
