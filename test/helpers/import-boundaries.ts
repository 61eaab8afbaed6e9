import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import ts from 'typescript'

/**
 * The layering rules of docs/architecture.md ("Code layout"), as code: every import
 * of every source file is resolved to a file of the repository, both ends are put in
 * a zone (shared, lib, events, a domain, http, routes, browser ...) and the pair is
 * checked against what the importing zone may use. test/unit/import-boundaries.test.ts
 * runs it over the repository and over fixtures that must fail.
 */
export type TZone =
  | 'shared'
  | 'lib'
  | 'generated'
  | 'events'
  | 'integrations'
  | 'realtime'
  | 'domains-kit'
  | `domain:${string}`
  | 'http'
  | 'routes'
  | 'workers'
  | 'server-other'
  | 'browser'
  | 'types'
  | 'tooling'
  | 'test'

export interface TSource {
  /** Repository-relative, forward slashes. */
  file: string
  code: string
}

export interface TViolation {
  file: string
  spec: string
  target: string
  rule: string
}

const BROWSER_DIRS = ['pages', 'components', 'composables', 'layouts', 'middleware', 'plugins', 'stores', 'utils', 'layers']
const BROWSER_FILES = new Set(['app.vue', 'error.vue', 'app.config.ts'])
const EXTENSIONS = ['.ts', '.vue', '.mts', '.mjs', '.js']
const SKIP_DIRS = new Set(['node_modules', '.nuxt', '.output', '.data', '.git', 'generated', 'dist', 'coverage', 'artifacts'])

export function zoneOf(file: string): TZone {
  const [top, second, third] = file.split('/')
  if (top === 'shared') return 'shared'
  if (top === 'types') return 'types'
  if (top === 'test') return 'test'
  if (BROWSER_FILES.has(file) || BROWSER_DIRS.includes(top!)) return 'browser'
  if (top !== 'server') return 'tooling'
  switch (second) {
    case 'lib':
      return 'lib'
    case 'generated':
      return 'generated'
    case 'events':
      return 'events'
    case 'integrations':
      return 'integrations'
    case 'realtime':
      return 'realtime'
    case 'http':
      return 'http'
    case 'workers':
      return 'workers'
    case 'api':
    case 'routes':
    case 'middleware':
    case 'plugins':
      return 'routes'
    case 'domains':
      return third && !third.includes('.') ? `domain:${third}` : 'domains-kit'
    default:
      return 'server-other'
  }
}

/** Zones each zone may import, besides its own files. Domains: other domains' index.ts only. */
const ALLOWED: Record<string, readonly string[]> = {
  shared: [],
  lib: ['shared', 'generated'],
  generated: [],
  realtime: ['shared', 'lib'],
  events: ['shared', 'lib', 'generated'],
  integrations: ['shared', 'lib', 'generated'],
  'domains-kit': ['shared', 'lib', 'events'],
  domain: ['shared', 'lib', 'generated', 'events', 'integrations', 'realtime', 'domains-kit', 'domain'],
  http: ['shared', 'lib', 'events', 'realtime', 'domains-kit', 'domain'],
  routes: ['shared', 'lib', 'events', 'integrations', 'realtime', 'domains-kit', 'domain', 'http', 'server-other'],
  workers: ['shared', 'lib', 'generated', 'events', 'integrations', 'realtime', 'domains-kit', 'domain'],
  'server-other': ['shared', 'lib', 'generated', 'events', 'integrations', 'realtime', 'domains-kit', 'domain', 'http', 'routes'],
  browser: ['shared', 'types'],
  types: ['shared'],
}

const kind = (z: TZone) => (z.startsWith('domain:') ? 'domain' : z)

/** Import specifiers of a .ts/.vue source (static, dynamic, `export … from`, `import type`). */
export function importsOf(file: string, code: string): string[] {
  const scripts = file.endsWith('.vue') ? [...code.matchAll(/<script\b[^>]*>([\s\S]*?)<\/script>/g)].map((m) => m[1]!) : [code]
  return scripts.flatMap((s) => ts.preProcessFile(s, true, true).importedFiles.map((f) => f.fileName))
}

/** A specifier to a repository path (extension and /index resolved against `files`); null for packages and virtual modules. */
export function resolveImport(from: string, spec: string, files: ReadonlySet<string>): string | null {
  let base: string
  if (spec.startsWith('.')) base = path.posix.join(path.posix.dirname(from), spec)
  else if (/^(~~|@@)\//.test(spec)) base = spec.slice(3)
  else if (/^[~@]\//.test(spec)) base = spec.slice(2)
  else if (spec === '#shared' || spec.startsWith('#shared/')) base = path.posix.join('shared', spec.slice('#shared'.length))
  else if (spec === '#server' || spec.startsWith('#server/')) base = path.posix.join('server', spec.slice('#server'.length))
  else return null
  base = path.posix.normalize(base).replace(/\/$/, '')
  const candidates = [base, ...EXTENSIONS.map((e) => base + e), ...EXTENSIONS.map((e) => `${base}/index${e}`), `${base}.d.ts`]
  return candidates.find((c) => files.has(c)) ?? base
}

function ruleFor(fromFile: string, from: TZone, target: string, to: TZone): string | null {
  if (from === 'test') return null
  if (from === to) return null
  if (from === 'browser' && target.startsWith('server/')) return 'browser code imports server code: move what both need to shared/'
  // A domain's only door is its index.ts, for everyone outside it (tests may reach in).
  if (to.startsWith('domain:') && target !== `server/domains/${to.slice(7)}/index.ts`) {
    return `deep import into the ${to.slice(7)} domain: import server/domains/${to.slice(7)}/index.ts`
  }
  if (from === 'tooling') return null
  if (from.startsWith('domain:') && (to === 'http' || to === 'routes')) return 'a domain imports the HTTP layer or a route: take plain ids and values'
  if (from === 'integrations' && to.startsWith('domain:')) return 'an integration imports a domain'
  if (from === 'lib' && (to.startsWith('domain:') || to === 'http' || to === 'events' || to === 'domains-kit')) {
    return 'server/lib imports a domain, the HTTP layer or events'
  }
  if (!(ALLOWED[kind(from)] ?? []).includes(kind(to))) return `${from} may not import ${to} (see docs/architecture.md, Code layout)`
  return null
}

/** Zones that import each other, directly or round a loop (strongly connected components, Tarjan). */
export function zoneCycles(edges: ReadonlyArray<[TZone, TZone]>): string[][] {
  const graph = new Map<string, Set<string>>()
  for (const [a, b] of edges) {
    if (!graph.has(a)) graph.set(a, new Set())
    if (!graph.has(b)) graph.set(b, new Set())
    if (a !== b) graph.get(a)!.add(b)
  }
  const index = new Map<string, number>()
  const low = new Map<string, number>()
  const stack: string[] = []
  const components: string[][] = []
  const visit = (v: string) => {
    index.set(v, index.size)
    low.set(v, index.get(v)!)
    stack.push(v)
    for (const w of graph.get(v)!) {
      if (!index.has(w)) {
        visit(w)
        low.set(v, Math.min(low.get(v)!, low.get(w)!))
      } else if (stack.includes(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!))
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = []
      let w: string
      do {
        w = stack.pop()!
        component.push(w)
      } while (w !== v)
      if (component.length > 1) components.push(component.sort())
    }
  }
  for (const v of graph.keys()) if (!index.has(v)) visit(v)
  return components
}

/**
 * Packages shared/ may use: pure code that runs the same in the browser and in Node (zod for
 * schemas, jsep for the constructor's expression parser). Anything else there would drag
 * Node or server code into the browser bundle. lvovich declines Russian names for templates.
 */
export const SHARED_PACKAGES = ['zod', 'jsep', 'lvovich'] as const

/** Packages a zone may not use: the request object stays at the edge, shared/ stays pure. */
function packageRule(from: TZone, spec: string): string | null {
  const pkg = spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]!
  if (from === 'shared' && !(SHARED_PACKAGES as readonly string[]).includes(pkg)) return `shared/ imports ${pkg}: it may import ${SHARED_PACKAGES.join(', ')} and other shared/ files only`
  if ((kind(from) === 'domain' || from === 'events' || from === 'integrations' || from === 'workers') && pkg === 'h3') {
    return `${from} imports h3: request-aware code lives in server/http, domains take plain ids and values`
  }
  return null
}

export function checkBoundaries(sources: readonly TSource[]): { violations: TViolation[]; cycles: string[][]; imports: number } {
  const files = new Set(sources.map((s) => s.file))
  const violations: TViolation[] = []
  const edges: Array<[TZone, TZone]> = []
  let imports = 0
  for (const { file, code } of sources) {
    const from = zoneOf(file)
    for (const spec of importsOf(file, code)) {
      const target = resolveImport(file, spec, files)
      if (!target) {
        const rule = spec.startsWith('#') ? null : packageRule(from, spec)
        if (rule) violations.push({ file, spec, target: spec, rule })
        continue
      }
      imports++
      const to = zoneOf(target)
      if (from !== 'test' && from !== 'tooling') edges.push([from, to])
      const rule = ruleFor(file, from, target, to)
      if (rule) violations.push({ file, spec, target, rule })
    }
  }
  return { violations, cycles: zoneCycles(edges), imports }
}

/** Every .ts/.vue/.mjs/.js source of the repository (dependencies, builds and generated code left out). */
export function repositorySources(root: string): TSource[] {
  const out: TSource[] = []
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.name.startsWith('.output') || SKIP_DIRS.has(entry.name)) continue
      const full = path.join(dir, entry.name)
      if (entry.isDirectory()) walk(full)
      else if (EXTENSIONS.some((e) => entry.name.endsWith(e))) {
        out.push({ file: path.relative(root, full).split(path.sep).join('/'), code: readFileSync(full, 'utf8') })
      }
    }
  }
  walk(root)
  return out
}
