import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { checkBoundaries, importsOf, repositorySources, type TSource } from '../helpers/import-boundaries'

/**
 * The layering of docs/architecture.md ("Code layout"), enforced: the repository has
 * no import that breaks it, and each rule is shown to fire on a fixture that breaks it.
 */
const ROOT = path.resolve(import.meta.dirname, '../..')

// A minimal repository: one file in each zone, so a fixture resolves like the real tree.
const BASE: TSource[] = [
  { file: 'shared/auth.ts', code: "import { z } from 'zod'\nexport const ZEmailSchema = z.email()" },
  { file: 'server/lib/db.ts', code: "import { PrismaClient } from '../generated/prisma/client'" },
  { file: 'server/generated/prisma/client.ts', code: '' },
  { file: 'server/events/index.ts', code: "import { useDb } from '../lib/db'" },
  { file: 'server/integrations/index.ts', code: "import { useDb } from '../lib/db'" },
  { file: 'server/realtime/hub.ts', code: "import { useDb } from '../lib/db'" },
  { file: 'server/domains/auth/index.ts', code: "export * from './login'" },
  { file: 'server/domains/auth/login.ts', code: "import { publish } from '../../events'\nimport { audit } from '../history'" },
  { file: 'server/domains/history/index.ts', code: "export * from './audit'" },
  { file: 'server/domains/history/audit.ts', code: "import { useDb } from '../../lib/db'" },
  { file: 'server/domains/history/listeners.ts', code: "import { defineListeners } from '../../events'" },
  { file: 'server/http/auth.ts', code: "import { authenticate } from '../domains/auth'" },
  { file: 'server/api/auth/login.post.ts', code: "import { requireUser } from '../../http/auth'\nimport { login } from '../../domains/auth'" },
  { file: 'server/workers/listeners.ts', code: "import { listeners } from '../domains/history'" },
  { file: 'pages/login.vue', code: "<script setup lang=\"ts\">\nimport { ZEmailSchema } from '#shared/auth'\n</script>\n<template><p /></template>" },
]

function violationsWith(...extra: TSource[]) {
  const byFile = new Map([...BASE, ...extra].map((s) => [s.file, s]))
  return checkBoundaries([...byFile.values()])
}

describe('import boundaries', () => {
  it('the fixture repository itself is clean', () => {
    const r = violationsWith()
    expect(r.violations).toEqual([])
    expect(r.cycles).toEqual([])
  })

  it('reads static, dynamic, type-only and re-export imports, in .ts and in .vue <script> blocks', () => {
    const code = "import a from './a'\nimport type { B } from './b'\nexport { c } from './c'\nconst d = await import('./d')"
    expect(importsOf('x.ts', code)).toEqual(['./a', './b', './c', './d'])
    expect(importsOf('x.vue', `<script lang="ts">\nimport a from './a'\n</script>\n<script setup lang="ts">\n${code}\n</script>`)).toHaveLength(5)
  })

  const cases: Array<[string, TSource, RegExp]> = [
    ['a page imports a domain schema', { file: 'pages/x.vue', code: "<script setup>import { ZEmailSchema } from '~~/server/domains/auth/login'\n</script>" }, /browser code imports server code/],
    ['a component imports server/lib', { file: 'components/X.vue', code: "<script setup>import { useDb } from '~~/server/lib/db'\n</script>" }, /browser code imports server code/],
    ['a layer page imports the http layer', { file: 'layers/chat/pages/x.vue', code: "<script setup>import x from '../../../server/http/auth'\n</script>" }, /browser code imports server code/],
    ['a composable imports through #server', { file: 'composables/useX.ts', code: "import { x } from '#server/events'" }, /browser code imports server code/],
    ['a store imports a route', { file: 'stores/x.ts', code: "import r from '~/server/api/auth/login.post'" }, /browser code imports server code/],
    ['a route reaches into a domain file', { file: 'server/api/auth/x.get.ts', code: "import { login } from '../../domains/auth/login'" }, /deep import into the auth domain/],
    ['the listener registry reaches into listeners.ts', { file: 'server/workers/registry.ts', code: "import { listeners } from '../domains/history/listeners'" }, /deep import into the history domain/],
    ['one domain reaches into another', { file: 'server/domains/auth/x.ts', code: "import { audit } from '../history/audit'" }, /deep import into the history domain/],
    ['a script reaches into a domain', { file: 'scripts/x.ts', code: "import { audit } from '../server/domains/history/audit'" }, /deep import into the history domain/],
    ['a domain imports the http layer', { file: 'server/domains/auth/x.ts', code: "import { requireUser } from '../../http/auth'" }, /a domain imports the HTTP layer/],
    ['a domain imports a route', { file: 'server/domains/auth/x.ts', code: "import r from '../../api/auth/login.post'" }, /a domain imports the HTTP layer/],
    ['an integration imports a domain', { file: 'server/integrations/x.ts', code: "import { login } from '../domains/auth'" }, /an integration imports a domain/],
    ['lib imports a domain', { file: 'server/lib/guards.ts', code: "export { requireUser } from '../domains/auth'" }, /server\/lib imports a domain/],
    ['lib imports events', { file: 'server/lib/x.ts', code: "import { publish } from '../events'" }, /server\/lib imports a domain, the HTTP layer or events/],
    ['lib imports the http layer', { file: 'server/lib/x.ts', code: "import x from '../http/auth'" }, /server\/lib imports a domain, the HTTP layer or events/],
    ['events import a domain', { file: 'server/events/catalog.ts', code: "import type { TDomain } from '../domains/auth'" }, /events may not import domain:auth/],
    ['realtime imports a domain', { file: 'server/realtime/authorize.ts', code: "import { getCurrentUser } from '../domains/auth'" }, /realtime may not import domain:auth/],
    ['realtime imports the http layer', { file: 'server/realtime/x.ts', code: "import x from '../http/auth'" }, /realtime may not import http/],
    ['lib imports the worker', { file: 'server/lib/health.ts', code: "import { read } from '../workers/listeners'" }, /lib may not import workers/],
    ['shared imports server code', { file: 'shared/x.ts', code: "import { useDb } from '../server/lib/db'" }, /shared may not import lib/],
    ['the http layer imports a route', { file: 'server/http/x.ts', code: "import r from '../api/auth/login.post'" }, /http may not import routes/],
    ['a domain reads the request', { file: 'server/domains/auth/x.ts', code: "import { getRequestHeader } from 'h3'" }, /domain:auth imports h3/],
    ['shared imports a package other than zod', { file: 'shared/x.ts', code: "import { Redis } from 'ioredis'" }, /shared\/ imports ioredis/],
    ['a worker imports the http layer', { file: 'server/workers/x.ts', code: "import x from '../http/auth'" }, /workers may not import http/],
  ]
  it.each(cases)('fails when %s', (_name, fixture, rule) => {
    const { violations } = violationsWith(fixture)
    expect(violations.map((v) => v.rule)).toEqual([expect.stringMatching(rule)])
    expect(violations[0]!.file).toBe(fixture.file)
  })

  it('fails on a cycle between two domains, even through their indexes', () => {
    const { cycles } = violationsWith({ file: 'server/domains/history/x.ts', code: "import { login } from '../auth'" })
    expect(cycles).toEqual([['domain:auth', 'domain:history']])
  })

  it('lets tests reach into anything', () => {
    expect(violationsWith({ file: 'test/unit/x.test.ts', code: "import { audit } from '../../server/domains/history/audit'" }).violations).toEqual([])
  })

  it('holds for every .ts/.vue file of the repository', () => {
    const sources = repositorySources(ROOT)
    const { violations, cycles, imports } = checkBoundaries(sources)
    // The walk is not empty: pages, server code and tests are all read.
    expect(sources.length).toBeGreaterThan(200)
    expect(imports).toBeGreaterThan(500)
    expect(violations.map((v) => `${v.file}: '${v.spec}' → ${v.rule}`)).toEqual([])
    expect(cycles).toEqual([])
  })
})
