#!/usr/bin/env node
// `npm test`: installs what is missing, checks the services, builds both regions
// when their sources changed, type-checks everything (strict), then runs every vitest
// project (unit, integration, e2e).
import path from 'node:path'
import { ensureClamd } from './lib/clamd.mjs'
import { allOrFirstError, ensureBuildAsync, ensureInstalled, ensureServices, installSystemPackagesInBackground, log, ROOT, run, runAsync } from './lib/env.mjs'

const started = Date.now()
// Chromium, LibreOffice and ClamAV download and unpack while the dependencies install and the builds run.
const systemPackages = installSystemPackagesInBackground()
systemPackages.catch(() => {}) // awaited below; this only keeps an early failure from crashing the process first
ensureInstalled(ROOT)
ensureInstalled(path.join(ROOT, 'scripts/prisma6'))
const { ensureGenerated } = await import('./prisma-generate.mjs')
ensureGenerated()
await ensureServices()
// The local clamd starts as soon as apt has installed ClamAV (at once when it is there),
// beside the builds; a CLAMD_URL of your own is used as it is.
const clamd = systemPackages.then(() => (process.env.CLAMD_URL ? undefined : ensureClamd()))
clamd.catch(() => {}) // awaited below, like systemPackages
// Both builds and the type check side by side, each in its own build folder: 140 s here,
// against ~180 s for kz first (75 s) and then ru beside the type check (a build mostly keeps
// one core busy).
log('building kz and ru and type-checking (strict) side by side …')
await allOrFirstError([runAsync('npx', ['nuxt', 'typecheck']), ensureBuildAsync('kz'), ensureBuildAsync('ru'), systemPackages, clamd])
log(`prepared and type-checked in ${Math.round((Date.now() - started) / 1000)} s; running tests`)
run('npx', ['vitest', 'run', ...process.argv.slice(2)], { env: { ...process.env, NODE_ENV: 'test', LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' } })
log(`npm test finished in ${Math.round((Date.now() - started) / 1000)} s`)
