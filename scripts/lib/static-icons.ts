// Icons as part of the built stylesheet instead of CSS computed in every server render.
//
// The UI kit's <UIcon> (@nuxt/icon in CSS mode) renders `<span class="iconify i-lucide:eye">`
// and, on the server, builds that icon's CSS (an SVG data URI as a mask) and adds it to the
// page's <head> through useHead, on every request: 2–9 KB of inline <style> per page (measured on /, /catalog, /auth/login, /search, 3 Dec 2026).
// Here the icons the code names are turned into one CSS file at build (~5 KB gzipped for
// ~100 icons, cached by the browser like the rest of the CSS) and listed as the server's
// known classes, which @nuxt/icon then skips. An icon whose name is built at run time
// (`i-lucide-heading-${level}`) is not found by the scan and keeps the kit's own path.
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { getIconCSS } from '@iconify/utils/lib/css/icon'
import { getIconData } from '@iconify/utils/lib/icon-set/get-icon'
import type { IconifyJSON } from '@iconify/types'
import type { Nuxt } from 'nuxt/schema'

const ICON_NAME = /\bi-lucide-[a-z0-9]+(?:-[a-z0-9]+)*\b/g
const SOURCE = /\.(vue|ts|mts)$/
/** Where, in each layer, the module looks for icon names. */
export const ICON_SOURCE_DIRS = ['components', 'pages', 'layouts', 'composables', 'utils', 'app.config.ts', 'app.vue', 'error.vue', 'shared', 'layers']

/** Every `i-lucide-…` name written in the files under `roots` (folders or files), sorted and unique. */
export function scanIconNames(roots: string[]): string[] {
  const found = new Set<string>()
  const visit = (path: string) => {
    let stat
    try {
      stat = statSync(path)
    } catch {
      return
    }
    if (stat.isDirectory()) {
      for (const entry of readdirSync(path)) if (entry !== 'node_modules' && !entry.startsWith('.')) visit(join(path, entry))
    } else if (SOURCE.test(path)) {
      for (const m of readFileSync(path, 'utf8').matchAll(ICON_NAME)) found.add(m[0])
    }
  }
  for (const root of roots) visit(root)
  return [...found].sort()
}

export interface TIconCss {
  /** The stylesheet: each icon in `@layer <layer>`, selector `:where(.i-lucide\:name)` as the kit writes it. */
  css: string
  /** The classes the server may leave to the stylesheet (`i-lucide:name`). */
  classes: string[]
  /** Names that are not in the lucide set (a typo, or a prefix of a name built at run time). */
  unknown: string[]
}

/**
 * The CSS @nuxt/icon would compute for each of `names` (`i-lucide-eye` form), from the
 * installed @iconify-json/lucide: same selector (cssSelectorPrefix `i-`, `:where()`),
 * same compressed format, in the same cascade layer (the UI kit sets `components`).
 */
export function iconCss(names: string[], layer = 'components'): TIconCss {
  const require = createRequire(import.meta.url)
  const set = JSON.parse(readFileSync(require.resolve('@iconify-json/lucide/icons.json'), 'utf8')) as IconifyJSON
  const rules: string[] = []
  const classes: string[] = []
  const unknown: string[] = []
  for (const full of names) {
    const name = full.slice('i-lucide-'.length)
    const data = getIconData(set, name)
    if (!data) {
      unknown.push(full)
      continue
    }
    rules.push(getIconCSS(data, { iconSelector: `:where(.i-lucide\\:${name})`, format: 'compressed' }))
    classes.push(`i-lucide:${name}`)
  }
  return { css: `@layer ${layer} {${rules.join('')}}\n`, classes, unknown }
}

/**
 * A Nuxt module (nuxt.config `modules`): once every module has set up (the UI kit's default
 * icons are in appConfig.ui.icons by then), makes `<buildDir>/d24-icons.css` (a build
 * template) of the icons the layers' sources and the kit name, adds it to the app's CSS and
 * their classes to @nuxt/icon's known ones.
 */
export function staticIconsModule(_options: unknown, nuxt: Nuxt): void {
  nuxt.hook('modules:done', () => {
    const layerRoots = nuxt.options._layers.map((l) => l.config.rootDir)
    const names = new Set(scanIconNames(layerRoots.flatMap((root) => ICON_SOURCE_DIRS.map((d) => join(root, d)))))
    const kitIcons = (nuxt.options.appConfig as { ui?: { icons?: Record<string, unknown> } }).ui?.icons ?? {}
    for (const icon of Object.values(kitIcons)) if (typeof icon === 'string' && icon.startsWith('i-lucide-')) names.add(icon)
    const { css, classes } = iconCss([...names].sort())
    // A build template: Nuxt empties the build folder after the modules have run, then writes these.
    nuxt.options.build.templates.push({ filename: 'd24-icons.css', getContents: () => css, write: true })
    nuxt.options.css.push(join(nuxt.options.buildDir, 'd24-icons.css'))
    // The array @nuxt/icon put in the runtime config (and hands to Nitro): push into it, do not replace it.
    const runtime = nuxt.options.runtimeConfig as { icon?: { serverKnownCssClasses?: string[] } }
    const known = ((runtime.icon ??= {}).serverKnownCssClasses ??= [])
    known.push(...classes)
  })
}
