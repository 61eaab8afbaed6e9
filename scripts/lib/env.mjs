// Plain Node (no dependencies): runs before `npm ci` on a fresh clone.
import { execSync, spawn, spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs'
import net from 'node:net'
import path from 'node:path'

export const ROOT = path.resolve(import.meta.dirname, '../..')

export function log(msg) {
  process.stdout.write(`\x1b[36m[d24]\x1b[0m ${msg}\n`)
}

export function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { stdio: 'inherit', cwd: ROOT, ...opts })
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (exit ${r.status})`)
}

/** run() without blocking: resolves when the command exits 0, rejects otherwise. */
export function runAsync(cmd, args, opts = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: 'inherit', cwd: ROOT, ...opts })
    child.once('error', reject)
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${cmd} ${args.join(' ')} failed (exit ${code})`))))
  })
}

/** Waits for all of `tasks` (none is left running on its own), then throws the first failure. */
export async function allOrFirstError(tasks) {
  const results = await Promise.allSettled(tasks)
  const failed = results.find((r) => r.status === 'rejected')
  if (failed) throw failed.reason
}

function lockHash(dir) {
  const lock = path.join(dir, 'package-lock.json')
  return existsSync(lock) ? createHash('sha256').update(readFileSync(lock)).digest('hex') : ''
}

/** `npm ci` when node_modules is missing or was installed from another lock file. */
export function ensureInstalled(dir = ROOT) {
  const stamp = path.join(dir, 'node_modules/.d24-lock-hash')
  const want = lockHash(dir)
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === want) return false
  log(`installing dependencies in ${path.relative(ROOT, dir) || '.'} (npm ci)`)
  run('npm', ['ci', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: dir })
  writeFileSync(stamp, want)
  return true
}

export function canConnect(port, host = '127.0.0.1', timeoutMs = 1000) {
  return new Promise((resolve) => {
    const s = net.connect({ port, host })
    const done = (ok) => {
      s.destroy()
      resolve(ok)
    }
    s.setTimeout(timeoutMs, () => done(false))
    s.once('connect', () => done(true))
    s.once('error', () => done(false))
  })
}

async function waitPort(port, ms) {
  const until = Date.now() + ms
  while (Date.now() < until) {
    if (await canConnect(port)) return true
    await new Promise((r) => setTimeout(r, 250))
  }
  return false
}

function has(cmd) {
  return spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0
}

/** PostgreSQL and Redis on 127.0.0.1: start them when installed but stopped, or say how to get them. */
export async function ensureServices() {
  if (!(await canConnect(5432))) {
    if (has('pg_ctlcluster')) {
      const version = readdirSync('/etc/postgresql')[0]
      log(`starting PostgreSQL ${version}`)
      execSync(`pg_ctlcluster --skip-systemctl-redirect ${version} main start`, { stdio: 'inherit' })
    }
    if (!(await waitPort(5432, 15000))) {
      throw new Error('PostgreSQL is not running on 127.0.0.1:5432 and could not be started. Install it: apt-get install -y postgresql (trust auth for 127.0.0.1), then run this again.')
    }
  }
  if (!(await canConnect(6379))) {
    if (has('redis-server')) {
      log('starting Redis')
      execSync(`redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no`, { stdio: 'inherit' })
    }
    if (!(await waitPort(6379, 10000))) {
      throw new Error('Redis is not running on 127.0.0.1:6379 and could not be started. Install it: apt-get install -y redis-server, then run this again.')
    }
  }
}

/** Debian packages of the warm converter (server/lib/office): LibreOffice Writer, its Python bridge, pdftotext for tests, metric-compatible fonts. */
export const OFFICE_PACKAGES = ['libreoffice-writer-nogui', 'python3-uno', 'poppler-utils', 'fonts-liberation2', 'fonts-crosextra-carlito']

/** Debian packages of the antivirus (server/lib/antivirus): clamd and its library. No clamdscan: we speak clamd's protocol ourselves. */
export const CLAMAV_PACKAGES = ['clamav-daemon', 'clamav']

const officeReady = () => existsSync('/usr/lib/libreoffice/program/soffice.bin') && existsSync('/usr/lib/python3/dist-packages/uno.py') && has('pdftotext')
// Debian puts clamd in /usr/sbin, which is not on every user's PATH.
export const clamavReady = () => existsSync('/usr/sbin/clamd') || has('clamd')
const canApt = () => process.getuid?.() === 0 && has('apt-get')
const aptInstall = (packages) => `apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends ${packages.join(' ')}`
const missingError = (packages) => new Error(`Missing system packages: sudo apt-get install -y --no-install-recommends ${packages.join(' ')}`)

/** LibreOffice for DOCX → PDF (the converter and its tests use the real one). */
export function ensureLibreOffice() {
  if (officeReady()) return
  if (!canApt()) throw missingError(OFFICE_PACKAGES)
  log('installing LibreOffice for the document converter (~300 MB, once)')
  run('sh', ['-c', aptInstall(OFFICE_PACKAGES)])
}

/** ClamAV for the local clamd (scripts/lib/clamd.mjs) that scans uploads in development. */
export function ensureClamAV() {
  if (clamavReady()) return
  if (!canApt()) throw missingError(CLAMAV_PACKAGES)
  log('installing ClamAV for the antivirus (~50 MB, once)')
  run('sh', ['-c', aptInstall(CLAMAV_PACKAGES)])
}

/**
 * Debian's Chromium for end-to-end tests (playwright's own browser download cannot work
 * offline), LibreOffice and ClamAV, in one apt-get run that goes on in the background (npm
 * test starts it first and waits for it before the tests): on a fresh machine the download
 * and unpacking took minutes that the dependencies and the build can use.
 */
export function installSystemPackagesInBackground() {
  const missing = [...(existsSync('/usr/bin/chromium') ? [] : ['chromium']), ...(officeReady() ? [] : OFFICE_PACKAGES), ...(clamavReady() ? [] : CLAMAV_PACKAGES)]
  if (missing.length === 0) return Promise.resolve()
  if (!canApt()) return Promise.reject(missingError(missing))
  log(`installing ${missing.join(', ')} from Debian in the background (~300 MB, once)`)
  return runAsync('sh', ['-c', `${aptInstall(missing)} >/dev/null`])
}

const BUILD_INPUTS = ['app.vue', 'error.vue', 'nuxt.config.ts', 'app.config.ts', 'package-lock.json', 'pages', 'components', 'layouts', 'composables', 'stores', 'middleware', 'plugins', 'assets', 'locales', 'layers', 'server', 'patches', 'prisma/schema']

function walk(p, out) {
  if (!existsSync(p)) return
  const st = statSync(p)
  if (st.isDirectory()) {
    if (p.endsWith('node_modules') || p.endsWith('generated')) return
    for (const n of readdirSync(p).sort()) walk(path.join(p, n), out)
  } else out.push(`${path.relative(ROOT, p)}:${st.size}:${st.mtimeMs}`)
}

function sourceHash(region) {
  const files = []
  for (const i of BUILD_INPUTS) walk(path.join(ROOT, i), files)
  return createHash('sha256').update(region + '\n' + files.join('\n')).digest('hex')
}

function buildPlan(region) {
  const outDir = path.join(ROOT, region === 'kz' ? '.output' : `.output-${region}`)
  const stamp = path.join(outDir, '.d24-source-hash')
  const want = sourceHash(region)
  const fresh = existsSync(stamp) && readFileSync(stamp, 'utf8') === want
  // Each region builds in its own .nuxt-<region>, so the builds of both regions and the type
  // check (which regenerates .nuxt) run side by side.
  const env = { ...process.env, REGION: region, D24_OUTPUT_DIR: outDir, NODE_ENV: 'production', D24_BUILD_DIR: `.nuxt-${region}` }
  return { outDir, fresh, env, done: () => writeFileSync(stamp, want) }
}

/** Builds the region's server unless the last build came from the same sources. */
export function ensureBuild(region = 'kz') {
  const plan = buildPlan(region)
  if (plan.fresh) return plan.outDir
  log(`building the ${region} region (nuxt build → ${path.relative(ROOT, plan.outDir)})`)
  run('npx', ['nuxt', 'build'], { env: plan.env })
  plan.done()
  return plan.outDir
}

/** ensureBuild without blocking (npm test builds both regions while it type-checks). */
export async function ensureBuildAsync(region) {
  const plan = buildPlan(region)
  if (plan.fresh) return plan.outDir
  log(`building the ${region} region in the background (nuxt build → ${path.relative(ROOT, plan.outDir)})`)
  await runAsync('npx', ['nuxt', 'build'], { env: plan.env })
  plan.done()
  return plan.outDir
}
