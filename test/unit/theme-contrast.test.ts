import { readdirSync, readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'

// WCAG 2.2 AA contrast of the theme as the browser resolves it: Nuxt UI's own
// defaults (its runtime index.css and colors plugin), overridden by our
// assets/css/main.css, with the palette names of app.config.ts `ui.colors` looked up
// in Tailwind's theme. Nothing here repeats a colour value: change a shade in the CSS
// or the config and this test judges the new one.

const ROOT = resolve(import.meta.dirname, '../..')
const read = (p: string) => readFileSync(resolve(ROOT, p), 'utf8')

type TRgb = [number, number, number]
type TMode = 'light' | 'dark'

/** Tailwind palette: `blue-700` → oklch [L, C, H]. */
function tailwindPalette(): Map<string, [number, number, number]> {
  const out = new Map<string, [number, number, number]>()
  for (const m of read('node_modules/tailwindcss/theme.css').matchAll(/--color-([a-z]+-\d+):\s*oklch\(([\d.]+)%\s+([\d.]+)\s+([\d.]+)\)/g)) {
    out.set(m[1]!, [Number(m[2]) / 100, Number(m[3]), Number(m[4])])
  }
  return out
}

/** oklch → gamma-encoded sRGB in 0..1 (Björn Ottosson's matrices), clipped to the gamut. */
function oklchToRgb([L, C, H]: [number, number, number]): TRgb {
  const h = (H * Math.PI) / 180
  const a = C * Math.cos(h)
  const b = C * Math.sin(h)
  const l = (L + 0.3963377774 * a + 0.2158037573 * b) ** 3
  const m = (L - 0.1055613458 * a - 0.0638541728 * b) ** 3
  const s = (L - 0.0894841775 * a - 1.291485548 * b) ** 3
  const lin = [
    4.0767416621 * l - 3.3077115913 * m + 0.2309699292 * s,
    -1.2684380046 * l + 2.6097574011 * m - 0.3413193965 * s,
    -0.0041960863 * l - 0.7034186147 * m + 1.707614701 * s,
  ]
  return lin.map((x) => {
    const c = Math.min(1, Math.max(0, x))
    return c <= 0.0031308 ? 12.92 * c : 1.055 * c ** (1 / 2.4) - 0.055
  }) as TRgb
}

function luminance(rgb: TRgb): number {
  const [r, g, b] = rgb.map((c) => (c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4)) as TRgb
  return 0.2126 * r + 0.7152 * g + 0.0722 * b
}

export function contrast(a: TRgb, b: TRgb): number {
  const [x, y] = [luminance(a), luminance(b)]
  return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05)
}

/** `color/alpha` painted over `under` (Tailwind's `bg-primary/10` on the page). */
const over = (color: TRgb, alpha: number, under: TRgb): TRgb => color.map((c, i) => alpha * c + (1 - alpha) * under[i]!) as TRgb

/** The custom properties set inside the first rule whose selector matches `selector`. */
function declarations(css: string, selector: RegExp, optional = false): Record<string, string> {
  const block = css.match(new RegExp(`(?:^|[}\\s;])${selector.source}\\s*\\{([^}]*)\\}`, 'm'))
  if (!block && optional) return {}
  if (!block) throw new Error(`no rule ${selector} in the stylesheet`)
  const out: Record<string, string> = {}
  for (const m of block[1]!.matchAll(/(--[\w-]+)\s*:\s*([^;]+);/g)) out[m[1]!] = m[2]!.trim()
  return out
}

/** The kit's default `ui.colors` (what app.config.ts does not name), read from its build. */
function kitDefaultColors(): Record<string, string> {
  const dir = 'node_modules/@nuxt/ui/dist/shared'
  for (const file of readdirSync(resolve(ROOT, dir))) {
    const block = read(`${dir}/${file}`).match(/getDefaultUiConfig = [^{]*\{\s*colors: pick\(\{([^}]*)\}/)
    if (block) return Object.fromEntries([...block[1]!.matchAll(/(\w+): "(\w+)"/g)].map((m) => [m[1]!, m[2]!]))
  }
  throw new Error(`no default colours found in ${dir}`)
}

const SEMANTIC = ['primary', 'secondary', 'success', 'info', 'warning', 'error'] as const
let vars: Record<TMode, Record<string, string>>
let color: (mode: TMode, name: string) => TRgb

beforeAll(async () => {
  // app.config.ts calls Nuxt's auto-imported defineAppConfig; outside Nuxt it is the identity.
  ;(globalThis as Record<string, unknown>).defineAppConfig = (c: unknown) => c
  const appConfig = (await import('../../app.config')).default as { ui: { colors: Record<string, string> } }
  const colors = { ...kitDefaultColors(), ...appConfig.ui.colors }
  const palette = tailwindPalette()
  const kit = read('node_modules/@nuxt/ui/dist/runtime/index.css')
  const ours = read('assets/css/main.css').replace(/\/\*[\s\S]*?\*\//g, '')
  // The kit's colors plugin: --ui-<color> is shade 500 in light mode and 400 in dark mode.
  const plugin = (shade: number) => Object.fromEntries(SEMANTIC.map((c) => [`--ui-${c}`, `var(--ui-color-${c}-${shade})`]))
  vars = {
    light: { ...declarations(kit, /\.light,:root/), ...plugin(500), ...declarations(ours, /:root,\s*\.light/, true) },
    dark: { ...declarations(kit, /\.dark/), ...plugin(400), ...declarations(ours, /\.dark/, true) },
  }
  const lookup = (mode: TMode, value: string, seen: string[] = []): TRgb => {
    const ref = value.match(/^var\((--[\w-]+)\)$/)?.[1]
    if (!ref) throw new Error(`cannot resolve ${value}`)
    if (ref === '--color-white') return [1, 1, 1]
    const shade = ref.match(/^--ui-color-([a-z]+)-(\d+)$/)
    if (shade) {
      const name = colors[shade[1]!]
      const oklch = palette.get(`${name}-${shade[2]}`)
      if (!oklch) throw new Error(`app.config.ts ui.colors.${shade[1]} = ${name}: no ${name}-${shade[2]} in Tailwind's palette`)
      return oklchToRgb(oklch)
    }
    if (seen.includes(ref) || !vars[mode][ref]) throw new Error(`${ref} is not defined for ${mode} mode`)
    return lookup(mode, vars[mode][ref]!, [...seen, ref])
  }
  color = (mode, name) => lookup(mode, `var(--ui-${name})`)
})

describe.each(['light', 'dark'] as const)('theme contrast, %s mode', (mode) => {
  const TEXT = 4.5
  const UI = 3
  const pairs: Array<[string, () => number, number]> = []
  const fg = (name: string) => () => color(mode, name)
  const pair = (label: string, a: () => TRgb, b: () => TRgb, min: number) => pairs.push([label, () => contrast(a(), b()), min])

  for (const c of SEMANTIC) {
    // Solid buttons and badges: the inverted text on the colour.
    pair(`text-inverted on bg-${c}`, fg('text-inverted'), fg(c), TEXT)
    // Links and coloured text on the page, on muted panels, and on the soft/subtle variants.
    pair(`text-${c} on bg-default`, fg(c), fg('bg'), TEXT)
    pair(`text-${c} on bg-muted`, fg(c), fg('bg-muted'), TEXT)
    pair(`text-${c} on bg-${c}/10`, fg(c), () => over(color(mode, c), 0.1, color(mode, 'bg')), TEXT)
  }
  for (const text of ['text', 'text-toned', 'text-muted', 'text-dimmed']) {
    pair(`${text} on bg-default`, fg(text), fg('bg'), TEXT)
    pair(`${text} on bg-muted`, fg(text), fg('bg-muted'), TEXT)
  }
  for (const text of ['text', 'text-toned', 'text-muted']) pair(`${text} on bg-elevated`, fg(text), fg('bg-elevated'), TEXT)
  // Input, checkbox and radio outlines, and the focus ring (primary), against the page.
  pair('border-accented on bg-default', fg('border-accented'), fg('bg'), UI)
  pair('focus ring (primary) on bg-default', fg('primary'), fg('bg'), UI)
  pair('focus ring (primary) on bg-muted', fg('primary'), fg('bg-muted'), UI)

  it('every text pair reaches 4.5:1 and every boundary 3:1', () => {
    const failing = pairs
      .map(([label, ratio, min]) => ({ label, ratio: Math.round(ratio() * 100) / 100, min }))
      .filter((p) => p.ratio < p.min)
    expect(failing).toEqual([])
  })
})

describe('contrast formula', () => {
  it('matches the WCAG reference values', () => {
    expect(contrast([1, 1, 1], [0, 0, 0])).toBeCloseTo(21, 5)
    // #767676 on white is the classic 4.54:1.
    const grey = 0x76 / 255
    expect(contrast([grey, grey, grey], [1, 1, 1])).toBeCloseTo(4.54, 2)
  })
})
