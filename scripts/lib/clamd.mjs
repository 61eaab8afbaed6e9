// Plain Node (no dependencies): the project's own clamd for development and tests, which
// server/lib/antivirus talks to (CLAMD_URL defaults to its port). Production runs the
// clamav/clamav container instead (deploy/README.md).
import { spawn } from 'node:child_process'
import { closeSync, copyFileSync, existsSync, mkdirSync, openSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { CLAMAV_PACKAGES, log } from './env.mjs'

/** Fixed, so the app's default CLAMD_URL finds it; not 3310, where a system clamd may listen. */
export const CLAMD_PORT = 3311
/**
 * StreamMaxLength and MaxFileSize: clamd's own default and the clamav image's, so development
 * refuses exactly what production refuses; above CLAMD_STREAM_MAX_BYTES's default and the
 * largest upload (EXPLORER_MAX_FILE_BYTES, 50 MiB).
 */
export const CLAMD_MAX_BYTES = 100 * 1024 * 1024

const SIGNATURES = path.resolve(import.meta.dirname, '../../server/lib/antivirus/signatures')
const OFFICIAL_DATABASE = '/var/lib/clamav'
const OFFICIAL_FILE = /\.(cvd|cld|cud)$/
const OWN_FILE = /\.(hdb|hsb|ndb|ldb|ign2|fp|sfp)$/

/** Outside the repository (the socket and the temporary files are the machine's), one per user. */
export function clamdRuntimeDir() {
  return path.join(os.tmpdir(), `d24-clamd-${process.getuid?.() ?? 'user'}`)
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms))

/** True when a clamd on 127.0.0.1:`port` answers PING with PONG. */
export function pingClamd(port = CLAMD_PORT, timeoutMs = 1000) {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host: '127.0.0.1' })
    let reply = ''
    const done = (ok) => {
      clearTimeout(timer)
      socket.destroy()
      resolve(ok)
    }
    const timer = setTimeout(() => done(false), timeoutMs)
    socket.on('connect', () => socket.write('zPING\0'))
    socket.on('data', (d) => {
      reply += d.toString('latin1')
      if (reply.includes('\0')) done(reply.startsWith('PONG'))
    })
    socket.on('error', () => done(false))
    socket.on('close', () => done(reply.startsWith('PONG')))
  })
}

function clamdBinary() {
  for (const dir of [...(process.env.PATH ?? '').split(path.delimiter), '/usr/sbin', '/usr/local/sbin']) {
    if (dir && existsSync(path.join(dir, 'clamd'))) return path.join(dir, 'clamd')
  }
  return undefined
}

function isAlive(pid) {
  try {
    process.kill(pid, 0)
    return true
  } catch (e) {
    return e.code === 'EPERM'
  }
}

/** The pid in `dir`'s PidFile when that process is a clamd still running (perhaps still loading). */
function runningClamd(dir) {
  try {
    const pid = Number(readFileSync(path.join(dir, 'clamd.pid'), 'utf8').trim())
    if (!pid || !isAlive(pid)) return undefined
    const comm = readFileSync(`/proc/${pid}/comm`, 'utf8').trim()
    return comm === 'clamd' ? pid : undefined
  } catch {
    return undefined
  }
}

/**
 * One starter per port across processes: an abstract unix socket (Linux) is released by the
 * kernel when its holder dies, so no stale lock file survives a Ctrl-C. Resolves with a
 * release function, or with null once clamd answers (someone else started it).
 */
async function lockStart(port, deadline) {
  // Elsewhere (macOS): no cross-process lock; two runs starting at once may race, and the
  // one whose clamd loses the port exits. The project's machines and CI are Linux.
  if (process.platform !== 'linux') return () => {}
  const name = `\0d24-clamd-start-${process.getuid?.() ?? 0}-${port}`
  for (;;) {
    const server = net.createServer()
    const held = await new Promise((resolve) => {
      server.once('error', () => resolve(false))
      server.listen({ path: name }, () => resolve(true))
    })
    if (held) {
      server.unref()
      return () => server.close()
    }
    if (await pingClamd(port)) return null
    if (Date.now() > deadline) throw new Error(`another process has been starting clamd on port ${port} for too long`)
    await sleep(100)
  }
}

/**
 * The database clamd loads: our signatures (clamd will not start with an empty database,
 * and freshclam cannot download here) and symlinks to the official database when Debian's
 * freshclam has put one in /var/lib/clamav. The official database makes clamd take
 * ~1–1.5 GB of memory and tens of seconds to load (against 16 MB and 0.05 s for ours alone).
 */
function prepareDatabase(dbDir, official) {
  rmSync(dbDir, { recursive: true, force: true })
  mkdirSync(dbDir, { recursive: true })
  // Copied, not linked: a clamd still running after this checkout is gone keeps a readable database.
  for (const f of readdirSync(SIGNATURES)) if (OWN_FILE.test(f)) copyFileSync(path.join(SIGNATURES, f), path.join(dbDir, f))
  const linked = []
  if (official && existsSync(OFFICIAL_DATABASE)) {
    for (const f of readdirSync(OFFICIAL_DATABASE)) {
      if (!OFFICIAL_FILE.test(f)) continue
      symlinkSync(path.join(OFFICIAL_DATABASE, f), path.join(dbDir, f))
      linked.push(f)
    }
  }
  return linked
}

function clamdConf(dir, port, maxBytes) {
  const mb = maxBytes % (1024 * 1024) === 0 ? `${maxBytes / (1024 * 1024)}M` : String(maxBytes)
  return [
    '# Written by scripts/lib/clamd.mjs at each start: edits are lost.',
    `DatabaseDirectory ${path.join(dir, 'db')}`,
    `LocalSocket ${path.join(dir, 'clamd.sock')}`,
    'LocalSocketMode 600',
    // A socket file left by a killed clamd would otherwise stop the next one.
    'FixStaleSocket yes',
    `TCPSocket ${port}`,
    'TCPAddr 127.0.0.1',
    `PidFile ${path.join(dir, 'clamd.pid')}`,
    `TemporaryDirectory ${path.join(dir, 'tmp')}`,
    // Node spawns it detached and watches the process itself; its log goes to clamd.log.
    'Foreground yes',
    'LogTime yes',
    `StreamMaxLength ${mb}`,
    `MaxFileSize ${mb}`,
    // A reload of the official database would hold two copies (~2–3 GB) at once; blocking
    // scans for that minute is fine on a developer's machine.
    'ConcurrentDatabaseReload no',
    '',
  ].join('\n')
}

function tail(file, lines = 15) {
  try {
    return readFileSync(file, 'utf8').trim().split('\n').slice(-lines).join('\n')
  } catch {
    return '(no log)'
  }
}

/**
 * Makes sure a clamd answers on 127.0.0.1:`port`: reuses one that already does (a previous
 * run's keeps running, like Redis), waits for one still loading, else writes its config and
 * database under `dir` and starts it detached. Resolves once it answers PONG.
 * Options: port, dir, maxBytes (StreamMaxLength), official (link the official database),
 * timeoutMs. Returns { url, port, socket, dir, pid, started }.
 */
export async function ensureClamd(opts = {}) {
  const port = opts.port ?? CLAMD_PORT
  const dir = opts.dir ?? clamdRuntimeDir()
  const maxBytes = opts.maxBytes ?? CLAMD_MAX_BYTES
  const official = opts.official ?? true
  const result = (started) => ({ url: `tcp://127.0.0.1:${port}`, port, socket: path.join(dir, 'clamd.sock'), dir, pid: runningClamd(dir), started })
  if (await pingClamd(port)) return result(false)

  const bin = clamdBinary()
  if (!bin) throw new Error(`clamd is not installed (uploads are scanned by it): sudo apt-get install -y --no-install-recommends ${CLAMAV_PACKAGES.join(' ')}`)
  const withOfficial = official && existsSync(OFFICIAL_DATABASE) && readdirSync(OFFICIAL_DATABASE).some((f) => OFFICIAL_FILE.test(f))
  const deadline = Date.now() + (opts.timeoutMs ?? (withOfficial ? 300_000 : 30_000))

  const release = await lockStart(port, deadline)
  if (!release) return result(false)
  try {
    const waitForPong = async (isRunning) => {
      while (!(await pingClamd(port))) {
        if (!isRunning()) return false
        if (Date.now() > deadline) throw new Error(`clamd on port ${port} did not answer within ${Math.round((opts.timeoutMs ?? (withOfficial ? 300_000 : 30_000)) / 1000)} s; its log:\n${tail(path.join(dir, 'clamd.log'))}`)
        await sleep(50)
      }
      return true
    }
    // A clamd of an earlier run that is still loading its database: wait for it, do not start a second.
    const loading = runningClamd(dir)
    if (loading && (await waitForPong(() => isAlive(loading)))) return result(false)

    mkdirSync(path.join(dir, 'tmp'), { recursive: true, mode: 0o700 })
    const linked = prepareDatabase(path.join(dir, 'db'), official)
    const conf = path.join(dir, 'clamd.conf')
    writeFileSync(conf, clamdConf(dir, port, maxBytes))
    const logFile = path.join(dir, 'clamd.log')
    const out = openSync(logFile, 'w')
    log(`starting clamd on 127.0.0.1:${port} (${dir}${linked.length ? `; loading the official database too: ${linked.join(', ')}, this takes a while` : ''})`)
    const child = spawn(bin, [`--config-file=${conf}`], { detached: true, stdio: ['ignore', out, out] })
    closeSync(out)
    let exit
    child.once('exit', (code, signal) => (exit = signal ?? `exit ${code}`))
    child.once('error', (e) => (exit = e.message))
    child.unref()
    if (!(await waitForPong(() => exit === undefined))) {
      const hint = /bind|in use/i.test(tail(logFile)) ? ` (is something else listening on port ${port}?)` : ''
      throw new Error(`clamd stopped before answering (${exit})${hint}; its log (${logFile}):\n${tail(logFile)}`)
    }
    return result(true)
  } finally {
    release()
  }
}
