import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { createInterface } from 'node:readline'
import { pathToFileURL } from 'node:url'
import { UNO_WORKER_PY } from './uno-worker'

/**
 * One warm LibreOffice: a soffice.bin kept running with a UNO socket, and the python3-uno
 * worker (uno-worker.ts) that converts through it. A cold `soffice --convert-to pdf` pays
 * ~1.2 s of start-up per document; warm, a four-page DOCX takes ~85 ms (../shared/STACK.md,
 * `npm run bench:convert`).
 *
 * Faults it survives, each seen in the trial: soffice killed (the next call fails at once:
 * restart and retry once), soffice hung (its port still accepts but calls never return: the
 * per-call timeout kills both processes and restarts them; the call fails as a timeout, so
 * the job that asked fails visibly and can be retried), a document it cannot open (an error,
 * the instance stays up). It is recycled after `recycleAfter` documents or when soffice's
 * RSS passes `maxRssMb`, since LibreOffice grows with every document it opens.
 * Calls are serial per instance (soffice is single-threaded for this); ConverterPool runs several.
 */

export const SOFFICE_CANDIDATES = ['/usr/lib/libreoffice/program/soffice.bin', '/opt/libreoffice/program/soffice.bin']
export const UNO_PYTHON = '/usr/bin/python3'

export type TOfficeErrorCode = 'unavailable' | 'timeout' | 'failed' | 'stopped'

export class OfficeError extends Error {
  constructor(
    readonly code: TOfficeErrorCode,
    message: string,
  ) {
    super(message)
    this.name = 'OfficeError'
  }
}

export interface TWarmOfficeOptions {
  /** soffice.bin; default: the first of SOFFICE_CANDIDATES that exists. */
  sofficePath?: string
  python?: string
  /** Per document; then soffice is taken as hung. */
  timeoutMs?: number
  /** Start-up budget (a fresh profile starts twice: LibreOffice asks for a restart). */
  startTimeoutMs?: number
  recycleAfter?: number
  maxRssMb?: number
  /** Where profiles and scratch files go (default: the OS temp dir). */
  workRoot?: string
  onEvent?: (event: 'started' | 'restarted' | 'recycled' | 'timeout' | 'crashed' | 'pipe-error', detail?: Record<string, unknown>) => void
}

/** The soffice.bin to run, or undefined when LibreOffice is not installed. */
export function findSoffice(explicit?: string): string | undefined {
  if (explicit) return existsSync(explicit) ? explicit : undefined
  return SOFFICE_CANDIDATES.find((p) => existsSync(p))
}

/** What to tell a person when the converter cannot run here. */
export const INSTALL_HINT = 'LibreOffice is missing: apt-get install -y --no-install-recommends libreoffice-writer-nogui python3-uno'

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer()
    srv.unref()
    srv.on('error', reject)
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number }
      srv.close(() => resolve(port))
    })
  })
}

function rssMb(pid: number | undefined): number {
  if (!pid) return 0
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))
    return m ? Number(m[1]) / 1024 : 0
  } catch {
    return 0
  }
}

function alive(p: ChildProcess | undefined): p is ChildProcess {
  return p !== undefined && p.exitCode === null && p.signalCode === null
}

interface TPending {
  resolve: () => void
  reject: (e: Error) => void
}

export class WarmOffice {
  private readonly opts: Required<Omit<TWarmOfficeOptions, 'onEvent' | 'sofficePath'>> & Pick<TWarmOfficeOptions, 'onEvent'> & { sofficePath: string }
  private soffice?: ChildProcess
  private worker?: ChildProcess
  private profileDir?: string
  private scratchDir?: string
  private starting?: Promise<void>
  private chain: Promise<unknown> = Promise.resolve()
  private pending = new Map<number, TPending>()
  private nextId = 1
  private converted = 0
  private stopped = false
  /** Documents waiting for or in this instance: the pool picks the shortest line. */
  queued = 0

  constructor(options: TWarmOfficeOptions = {}) {
    const soffice = findSoffice(options.sofficePath)
    if (!soffice) throw new OfficeError('unavailable', INSTALL_HINT)
    this.opts = {
      sofficePath: soffice,
      python: options.python ?? UNO_PYTHON,
      timeoutMs: options.timeoutMs ?? 30_000,
      startTimeoutMs: options.startTimeoutMs ?? 60_000,
      recycleAfter: options.recycleAfter ?? 500,
      maxRssMb: options.maxRssMb ?? 400,
      workRoot: options.workRoot ?? tmpdir(),
      onEvent: options.onEvent,
    }
  }

  /** soffice.bin's pid while it runs (tests stop or kill it to play a fault). */
  get sofficePid(): number | undefined {
    return alive(this.soffice) ? this.soffice.pid : undefined
  }

  get documentsConverted(): number {
    return this.converted
  }

  /** Starts soffice and the worker now rather than on the first document. */
  async start(): Promise<void> {
    if (this.stopped) throw new OfficeError('stopped', 'the converter is stopped')
    if (alive(this.worker) && alive(this.soffice)) return
    this.starting ??= this.launch().finally(() => (this.starting = undefined))
    return this.starting
  }

  /**
   * Converts a document (bytes) to another format through LibreOffice's export filter
   * (`writer_pdf_Export` for PDF). `ext` is the input's extension, which LibreOffice reads.
   */
  convert(input: Uint8Array, ext: string, filter = 'writer_pdf_Export', outExt = 'pdf'): Promise<Buffer> {
    this.queued++
    const run = this.chain.then(() => this.convertNow(input, ext, filter, outExt))
    this.chain = run.catch(() => undefined)
    return run.finally(() => this.queued--)
  }

  async stop(): Promise<void> {
    this.stopped = true
    await this.killAll()
    for (const dir of [this.profileDir, this.scratchDir]) if (dir) await rm(dir, { recursive: true, force: true })
  }

  private async convertNow(input: Uint8Array, ext: string, filter: string, outExt: string, retried = false): Promise<Buffer> {
    if (this.stopped) throw new OfficeError('stopped', 'the converter is stopped')
    const rss = rssMb(this.soffice?.pid)
    if (this.converted >= this.opts.recycleAfter || rss > this.opts.maxRssMb) {
      this.opts.onEvent?.('recycled', { converted: this.converted, rssMb: Math.round(rss) })
      await this.killAll()
    }
    await this.start()
    const id = this.nextId++
    const safeExt = ext.replace(/[^a-z0-9]/gi, '').slice(0, 8) || 'bin'
    const inFile = path.join(this.scratchDir!, `${id}.${safeExt}`)
    const outFile = path.join(this.scratchDir!, `${id}.out.${outExt}`)
    await writeFile(inFile, input)
    try {
      await this.request({ id, input: inFile, output: outFile, filter })
      this.converted++
      return await readFile(outFile)
    } catch (e) {
      // soffice died under us (killed, crashed): a fresh one gets the document once more.
      if (e instanceof OfficeError && e.code === 'unavailable' && !retried && !this.stopped) {
        await this.killAll()
        return this.convertNow(input, ext, filter, outExt, true)
      }
      throw e
    } finally {
      await rm(inFile, { force: true })
      await rm(outFile, { force: true })
    }
  }

  /** Asks the worker; a call that outlives the timeout means soffice hangs: kill both. */
  private request(msg: Record<string, unknown> & { id: number }, timeoutMs = this.opts.timeoutMs): Promise<void> {
    const worker = this.worker
    if (!alive(worker) || !worker.stdin) return Promise.reject(new OfficeError('unavailable', 'the converter is not running'))
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(msg.id)
        this.opts.onEvent?.('timeout', { timeoutMs })
        void this.killAll()
        reject(new OfficeError('timeout', `LibreOffice did not finish within ${timeoutMs} ms`))
      }, timeoutMs)
      this.pending.set(msg.id, {
        resolve: () => {
          clearTimeout(timer)
          resolve()
        },
        reject: (e) => {
          clearTimeout(timer)
          reject(e)
        },
      })
      worker.stdin!.write(JSON.stringify(msg) + '\n')
    })
  }

  /** Answers within `timeoutMs` when soffice is alive and responsive. */
  async probe(timeoutMs = 3_000): Promise<boolean> {
    try {
      await this.start()
      await this.request({ id: this.nextId++, probe: true }, timeoutMs)
      return true
    } catch {
      return false
    }
  }

  private async launch(): Promise<void> {
    const restarting = this.profileDir !== undefined
    this.profileDir ??= await mkdtemp(path.join(this.opts.workRoot, 'd24-office-profile-'))
    this.scratchDir ??= await mkdtemp(path.join(this.opts.workRoot, 'd24-office-work-'))
    this.converted = 0
    const deadline = Date.now() + this.opts.startTimeoutMs
    // A fresh profile's first start exits with 81 ("restart required") once it is set up.
    for (let attempt = 0; attempt < 3; attempt++) {
      const port = await freePort()
      const soffice = spawn(
        this.opts.sofficePath,
        [
          '--headless',
          '--invisible',
          '--nologo',
          '--norestore',
          '--nodefault',
          '--nocrashreport',
          '--nolockcheck',
          `-env:UserInstallation=${pathToFileURL(this.profileDir).href}`,
          `--accept=socket,host=127.0.0.1,port=${port};urp;StarOffice.ComponentContext`,
        ],
        { stdio: 'ignore' },
      )
      const exited = new Promise<number | null>((resolve) => soffice.once('exit', (code) => resolve(code)))
      const worker = spawn(this.opts.python, ['-u', '-c', UNO_WORKER_PY, String(port), String(Math.max(1, (deadline - Date.now()) / 1000))], {
        stdio: ['pipe', 'pipe', 'pipe'],
      })
      let stderr = ''
      worker.stderr!.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-2000)))
      const lines = createInterface({ input: worker.stdout! })
      const ready = new Promise<boolean>((resolve) => {
        lines.once('line', (line) => {
          try {
            resolve((JSON.parse(line) as { ready?: boolean }).ready === true)
          } catch {
            resolve(false)
          }
        })
        worker.once('exit', () => resolve(false))
      })
      const first = await Promise.race([ready.then((ok) => ({ ok })), exited.then((code) => ({ exit: code }))])
      if ('exit' in first) {
        worker.kill('SIGKILL')
        if (first.exit === 81) continue
        throw new OfficeError('unavailable', `soffice exited with code ${first.exit} while starting`)
      }
      if (!first.ok) {
        soffice.kill('SIGKILL')
        worker.kill('SIGKILL')
        throw new OfficeError('unavailable', `the UNO worker did not connect: ${stderr.trim() || 'no output'}`)
      }
      lines.on('line', (line) => this.answer(line))
      const lost = () => this.failPending(new OfficeError('unavailable', 'LibreOffice stopped during the conversion'))
      soffice.once('exit', () => {
        if (this.soffice === soffice) {
          if (!this.stopped) this.opts.onEvent?.('crashed', {})
          worker.kill('SIGKILL')
          lost()
        }
      })
      worker.once('exit', () => {
        if (this.worker === worker) lost()
      })
      // A request written while the worker is being killed (soffice died, a timeout) breaks
      // the pipe: EPIPE arrives as an 'error' event, which unheard would crash the process.
      // The 'exit' above fails whatever was waiting, so the error itself needs no more.
      worker.stdin!.on('error', (e: Error) => this.opts.onEvent?.('pipe-error', { err: e.message }))
      this.soffice = soffice
      this.worker = worker
      this.opts.onEvent?.(restarting ? 'restarted' : 'started', { pid: soffice.pid })
      return
    }
    throw new OfficeError('unavailable', 'soffice kept asking for a restart')
  }

  private answer(line: string) {
    let msg: { id?: number; ok?: boolean; error?: string }
    try {
      msg = JSON.parse(line) as typeof msg
    } catch {
      return
    }
    const p = msg.id === undefined ? undefined : this.pending.get(msg.id)
    if (!p) return
    this.pending.delete(msg.id!)
    if (msg.ok) p.resolve()
    // soffice gone mid-call reaches the worker first as a disposed bridge: that is the
    // instance failing, not the document, so the caller restarts and tries it once more.
    else if (/DisposedException|bridge disposed|NoConnectException/.test(msg.error ?? '')) p.reject(new OfficeError('unavailable', msg.error!))
    else p.reject(new OfficeError('failed', msg.error ?? 'the conversion failed'))
  }

  private failPending(e: OfficeError) {
    const all = [...this.pending.values()]
    this.pending.clear()
    for (const p of all) p.reject(e)
  }

  private async killAll(): Promise<void> {
    const procs = [this.worker, this.soffice].filter(alive)
    this.worker = undefined
    this.soffice = undefined
    await Promise.all(
      procs.map(
        (p) =>
          new Promise<void>((resolve) => {
            p.once('exit', () => resolve())
            // SIGKILL: a hung soffice ignores SIGTERM, and SIGSTOPped one cannot act on it.
            p.kill('SIGKILL')
          }),
      ),
    )
    this.failPending(new OfficeError('unavailable', 'LibreOffice was restarted'))
  }
}
