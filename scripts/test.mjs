#!/usr/bin/env node
// `npm test`: installs what is missing, checks the services, builds both regions
// when their sources changed, type-checks everything (strict), then runs every vitest
// project (unit, integration, e2e).
import path from 'node:path'
import { ensureBuild, ensureChromium, ensureInstalled, ensureLibreOffice, ensureServices, log, ROOT, run } from './lib/env.mjs'

const started = Date.now()
ensureInstalled(ROOT)
ensureInstalled(path.join(ROOT, 'scripts/prisma6'))
const { ensureGenerated } = await import('./prisma-generate.mjs')
ensureGenerated()
await ensureServices()
ensureChromium()
ensureLibreOffice()
ensureBuild('kz')
ensureBuild('ru')
log(`prepared in ${Math.round((Date.now() - started) / 1000)} s; type-checking (strict) …`)
run('npx', ['nuxt', 'typecheck'])
log('running tests')
run('npx', ['vitest', 'run', ...process.argv.slice(2)], { env: { ...process.env, NODE_ENV: 'test', LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' } })
log(`npm test finished in ${Math.round((Date.now() - started) / 1000)} s`)
