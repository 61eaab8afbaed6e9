import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ICON_SOURCE_DIRS, iconCss, scanIconNames } from '../../scripts/lib/static-icons'
import { iconClass } from '../../utils/site-ui'

const ROOT = resolve(import.meta.dirname, '../..')

describe('static icon CSS (scripts/lib/static-icons.ts)', () => {
  it('scans names from .vue and .ts files, skipping node_modules and other files', () => {
    const dir = mkdtempSync(join(tmpdir(), 'd24-icons-'))
    mkdirSync(join(dir, 'nested'))
    mkdirSync(join(dir, 'node_modules'))
    writeFileSync(join(dir, 'A.vue'), `<UIcon name="i-lucide-scale" /><SiteIcon :name="open ? 'i-lucide-x' : 'i-lucide-menu'" />`)
    writeFileSync(join(dir, 'nested/b.ts'), `export const nav = [{ icon: 'i-lucide-library' }, { icon: 'i-lucide-scale' }]`)
    writeFileSync(join(dir, 'node_modules/c.ts'), `'i-lucide-bug'`)
    writeFileSync(join(dir, 'notes.md'), `i-lucide-house`)
    expect(scanIconNames([dir, join(dir, 'missing')])).toEqual(['i-lucide-library', 'i-lucide-menu', 'i-lucide-scale', 'i-lucide-x'])
  })

  it('writes the rule the UI kit would inline: :where(.i-lucide\\:name) with the SVG as a mask, in its layer', () => {
    const { css, classes, unknown } = iconCss(['i-lucide-scale', 'i-lucide-no-such-icon'])
    expect(classes).toEqual(['i-lucide:scale'])
    expect(unknown).toEqual(['i-lucide-no-such-icon'])
    expect(css.startsWith('@layer components {')).toBe(true)
    expect(css).toMatch(/:where\(\.i-lucide\\:scale\)\{[^}]*mask-image:var\(--svg\)/)
    expect(css).toContain('--svg:url("data:image/svg+xml,')
    // The class a <SiteIcon> renders is the one the rule selects.
    expect(iconClass('i-lucide-scale')).toBe(classes[0])
    expect(iconClass('i-lucide-arrow-up-right')).toBe('i-lucide:arrow-up-right')
  })

  it('every icon the app names exists in the installed lucide set (a typo would be an empty square)', () => {
    const roots = ['.', 'layers/kz', 'layers/ru', 'layers/constructor', 'layers/chat', 'layers/amicus'].flatMap((layer) =>
      ICON_SOURCE_DIRS.map((d) => join(ROOT, layer, d)),
    )
    const names = scanIconNames(roots)
    expect(names.length).toBeGreaterThan(50)
    // Names built at run time leave their prefix behind: `i-lucide-align-${a}` reads as
    // `i-lucide-align` (no such icon; `i-lucide-heading` from `i-lucide-heading-${level}` is one).
    const { unknown } = iconCss(names)
    expect(unknown).toEqual(['i-lucide-align'])
  })
})

describe('vue-router path parsers shared across routers (patches/@nuxtjs+i18n++vue-router+5.5.1.patch)', () => {
  // The copy the server build runs (Nitro traces vue-router 5.5.1 for the server).
  const require = createRequire(join(ROOT, 'node_modules/@nuxtjs/i18n/package.json'))
  const { createRouterMatcher } = require('vue-router') as typeof import('vue-router')
  const routes = [
    { path: '/', name: 'index', component: {} },
    { path: '/kk/documents/:slug()', name: 'doc___kk', component: {} },
    { path: '/documents/:slug()', name: 'doc___ru', component: {} },
  ]

  it('a second router reuses the first one’s compiled RegExp and keys, not its matcher', () => {
    const a = createRouterMatcher(routes, {})
    const b = createRouterMatcher(routes, {})
    const ma = a.getRecordMatcher('doc___kk')!
    const mb = b.getRecordMatcher('doc___kk')!
    expect(mb).not.toBe(ma)
    expect(mb.record).not.toBe(ma.record)
    expect(mb.re).toBe(ma.re)
    expect(mb.keys).toBe(ma.keys)
  })

  it('still resolves each path to its own route and params, case-insensitively as before', () => {
    const m = createRouterMatcher(routes, {})
    const start = m.resolve({ path: '/' }, { path: '/', name: 'index', params: {}, matched: [], meta: {} } as never)
    expect(m.resolve({ path: '/kk/documents/lease' }, start).name).toBe('doc___kk')
    expect(m.resolve({ path: '/Documents/lease' }, start)).toMatchObject({ name: 'doc___ru', params: { slug: 'lease' } })
    expect(m.resolve({ name: 'doc___kk', params: { slug: 'x' } }, start).path).toBe('/kk/documents/x')
  })

  it('a strict or case-sensitive router gets its own parser, not the shared default one', () => {
    const loose = createRouterMatcher(routes, {}).getRecordMatcher('doc___ru')!
    const strict = createRouterMatcher(routes, { strict: true, sensitive: true }).getRecordMatcher('doc___ru')!
    expect(strict.re).not.toBe(loose.re)
    expect(strict.re.flags).not.toContain('i')
  })
})
