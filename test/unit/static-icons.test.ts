import type { RouteRecordRaw } from 'vue-router'
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
  describe('matchers copied from the first build of a routes array', () => {
    const nested: RouteRecordRaw[] = [
      { path: '/', name: 'index', component: {} },
      { path: '/catalog', component: {}, alias: ['/kk/catalog'], children: [{ path: ':section()', name: 'section', component: {} }] },
      { path: '/kk/documents/:slug()', name: 'doc___kk', component: {}, meta: { d24: 'x' } },
    ]
    const start = { path: '/', name: 'index', params: {}, matched: [], meta: {} } as never

    it('a later router copies the first one’s normalised records instead of building them again', () => {
      const a = createRouterMatcher(nested, {})
      const b = createRouterMatcher(nested, {})
      const ra = a.getRecordMatcher('doc___kk')!.record
      const rb = b.getRecordMatcher('doc___kk')!.record
      // Rebuilt records get a new props object each time; a copy keeps the template's.
      expect(rb.props).toBe(ra.props)
      expect(rb).not.toBe(ra)
    })

    it('each router has its own records, guards, tree and route list', () => {
      const a = createRouterMatcher(nested, {})
      const b = createRouterMatcher(nested, {})
      const ma = a.getRecordMatcher('section')!
      const mb = b.getRecordMatcher('section')!
      expect(mb).not.toBe(ma)
      expect(mb.parent).not.toBe(ma.parent)
      expect(mb.parent!.children).toContain(mb)
      expect(mb.parent!.children).not.toContain(ma)
      ma.record.leaveGuards.add(() => true)
      ma.record.instances.default = {} as never
      expect(mb.record.leaveGuards.size).toBe(0)
      expect(mb.record.instances).toEqual({})
      a.addRoute({ path: '/only-a', name: 'only-a', component: {} })
      expect(b.getRecordMatcher('only-a')).toBeUndefined()
      expect(createRouterMatcher(nested, {}).getRecordMatcher('only-a')).toBeUndefined()
      expect(b.getRoutes()).toHaveLength(a.getRoutes().length - 1)
    })

    it('resolves as a freshly built router does: aliases, children, params, meta', () => {
      // Another array of the same records: built, not copied.
      const fresh = createRouterMatcher(nested.map((r) => ({ ...r })), {})
      const copied = (createRouterMatcher(nested, {}), createRouterMatcher(nested, {}))
      for (const path of ['/', '/catalog/rent', '/kk/catalog/rent', '/kk/documents/lease']) {
        const f = fresh.resolve({ path }, start)
        const c = copied.resolve({ path }, start)
        expect({ name: c.name, params: c.params, meta: c.meta, n: c.matched.length }).toEqual({ name: f.name, params: f.params, meta: f.meta, n: f.matched.length })
      }
      const viaAlias = copied.resolve({ path: '/kk/catalog' }, start)
      const aliasOf = viaAlias.matched[0]!.aliasOf
      expect(aliasOf).toBeDefined()
      expect(copied.getRoutes().some((m) => m.record === aliasOf)).toBe(true)
    })
  })
})
