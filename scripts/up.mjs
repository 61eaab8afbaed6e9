#!/usr/bin/env node
// `npm run up`: installs what is missing, checks PostgreSQL and Redis, migrates,
// seeds demo data, builds if needed, then runs the local S3 server, the web server
// and the worker sidecar until Ctrl-C, which stops all of them.
import { execFileSync, spawn } from 'node:child_process'
import path from 'node:path'
import { ensureClamd } from './lib/clamd.mjs'
import { ensureBuild, ensureClamAV, ensureInstalled, ensureLibreOffice, ensureServices, log, ROOT, run } from './lib/env.mjs'
import { withLocalSecrets } from './lib/secrets.mjs'

const region = process.env.REGION === 'ru' ? 'ru' : 'kz'
const port = Number(process.env.PORT ?? 3000)

ensureInstalled(ROOT)
const { ensureGenerated } = await import('./prisma-generate.mjs')
ensureGenerated()
await ensureServices()
ensureLibreOffice()
// The worker scans uploads with it; like PostgreSQL and Redis it keeps running after Ctrl-C.
if (!process.env.CLAMD_URL) {
  ensureClamAV()
  const clamd = await ensureClamd()
  log(`antivirus: clamd on ${clamd.url} (files in ${clamd.dir})`)
}
run('npx', ['tsx', 'scripts/db-migrate.ts'])
run('npx', ['tsx', 'prisma/seed.ts'])
const outDir = ensureBuild(region)
// Signing by QR without a real eGov QR service: the sandbox phone signs with this checkout's own
// test CA, which only this machine's server trusts (unless PKI_TRUSTED_CERTS names another bundle).
const sandboxPki = process.env.EGOV_QR_URL
  ? null
  : JSON.parse(execFileSync('npx', ['tsx', 'scripts/sandbox-pki.ts', path.join(ROOT, '.data')], { cwd: ROOT, encoding: 'utf8' }).trim().split('\n').pop())

// Production mode refuses the public development secrets: a machine with none set gets
// its own AUTH_SECRET, PUSHER_SECRET, HISTORY_CHECKPOINT_SECRET and CONVERTER_TOKEN, made once for this checkout in .data/.
const env = withLocalSecrets(
  {
    ...process.env,
    REGION: region,
    PORT: String(port),
    NODE_ENV: 'production',
    PUBLIC_URL: process.env.PUBLIC_URL ?? `http://localhost:${port}`,
    // The worker's warm LibreOffice and its internal route, where the seed had its converter.
    CONVERTER_PORT: process.env.CONVERTER_PORT ?? '6789',
    ...(sandboxPki
      ? { EGOV_QR_SANDBOX_CA: process.env.EGOV_QR_SANDBOX_CA || sandboxPki.caPath, PKI_TRUSTED_CERTS: process.env.PKI_TRUSTED_CERTS || sandboxPki.trustedPath }
      : {}),
  },
  path.join(ROOT, '.data'),
)
const children = []
function start(name, cmd, args) {
  const child = spawn(cmd, args, { cwd: ROOT, env, stdio: ['ignore', 'inherit', 'inherit'] })
  child.on('exit', (code, signal) => {
    if (!stopping) {
      log(`${name} exited (${signal ?? code}); stopping everything`)
      stop(1)
    }
  })
  children.push(child)
  return child
}

let stopping = false
async function stop(code = 0) {
  if (stopping) return
  stopping = true
  log('stopping web, worker and S3 …')
  for (const c of children) c.kill('SIGTERM')
  await Promise.race([
    Promise.all(children.map((c) => (c.exitCode !== null ? null : new Promise((r) => c.once('exit', r))))),
    new Promise((r) => setTimeout(r, 15000)),
  ])
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL')
  process.exit(code)
}
process.on('SIGINT', () => stop(0))
process.on('SIGTERM', () => stop(0))

// node --import tsx (not npx tsx): one process per service, so SIGTERM reaches the code itself.
start('s3', process.execPath, ['--import', 'tsx', 'scripts/s3-server.ts'])
start('worker', process.execPath, ['--import', 'tsx', 'server/workers/main.ts'])
start('web', process.execPath, [path.join(outDir, 'server/index.mjs')])

const url = `http://localhost:${port}`
for (let i = 0; i < 120 && !stopping; i++) {
  try {
    const r = await fetch(`${url}/ping`)
    if (r.ok) break
  } catch {}
  await new Promise((r) => setTimeout(r, 500))
}
const health = await fetch(`${url}/ping`).then((r) => r.json()).catch((e) => ({ error: String(e) }))
log(`Dogovor24 (${region}) is up: ${url}`)
log(`health: ${JSON.stringify(health)}`)
log('demo logins (password Demo12345): admin@dogovor24.kz, lawyer@dogovor24.kz, user@dogovor24.kz')
log(`admin: ${url}/admin   API contract: ${url}/openapi.json   Ctrl-C stops everything`)
