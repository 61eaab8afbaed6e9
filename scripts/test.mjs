#!/usr/bin/env node
// `npm test`: installs what is missing, checks the services, builds both regions
// when their sources changed, type-checks everything (strict), then runs every vitest
// project (unit, integration, e2e).
import path from 'node:path'
import { allOrFirstError, ensureBuild, ensureBuildAsync, ensureInstalled, ensureServices, installSystemPackagesInBackground, log, ROOT, run, runAsync } from './lib/env.mjs'

const started = Date.now()
// Chromium and LibreOffice download and unpack while the dependencies install and kz builds.
const systemPackages = installSystemPackagesInBackground()
systemPackages.catch(() => {}) // awaited below; this only keeps an early failure from crashing the process first
ensureInstalled(ROOT)
ensureInstalled(path.join(ROOT, 'scripts/prisma6'))
const { ensureGenerated } = await import('./prisma-generate.mjs')
ensureGenerated()
await ensureServices()
ensureBuild('kz')
log(`kz built in ${Math.round((Date.now() - started) / 1000)} s; type-checking (strict) while ru builds …`)
await allOrFirstError([runAsync('npx', ['nuxt', 'typecheck']), ensureBuildAsync('ru'), systemPackages])
log(`prepared and type-checked in ${Math.round((Date.now() - started) / 1000)} s; running tests`)
run('npx', ['vitest', 'run', ...process.argv.slice(2)], { env: { ...process.env, NODE_ENV: 'test', LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' } })
log(`npm test finished in ${Math.round((Date.now() - started) / 1000)} s`)
