/**
 * npm run bench:convert: DOCX → PDF through the warm converter (server/lib/office: one
 * soffice.bin kept running, a python3-uno worker) against a cold
 * `soffice --headless --convert-to pdf` per document, on the same 10 four-page ru/kk
 * documents, in one run. Target: warm ≥ 12× faster per document.
 * The cold runs use their own profile, set up once before timing, so they pay
 * LibreOffice's start-up per document and not the one-off profile creation.
 * Flags: --docs=<n> (default 10), --instances=<n> (warm pool size, default 1).
 */
import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { ConverterPool, findSoffice, INSTALL_HINT } from '../server/lib/office'
import { sampleContract } from '../test/helpers/docx'

const args = process.argv.slice(2)
const DOCS = Number(args.find((a) => a.startsWith('--docs='))?.split('=')[1] ?? 10)
const INSTANCES = Number(args.find((a) => a.startsWith('--instances='))?.split('=')[1] ?? 1)
const TARGET = 12

const soffice = findSoffice()
if (!soffice) {
  console.error(INSTALL_HINT)
  process.exit(2)
}
// The `soffice` launcher script beside soffice.bin, as a person would run it.
const launcher = path.join(path.dirname(soffice), 'soffice')
const dir = mkdtempSync(path.join(tmpdir(), 'd24-bench-convert-'))
const profile = pathToFileURL(path.join(dir, 'cold-profile')).href
const files = Array.from({ length: DOCS }, (_, i) => {
  const f = path.join(dir, `doc-${i}.docx`)
  writeFileSync(f, sampleContract(i))
  return f
})

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!
const ms = (x: number) => `${x.toFixed(0)} ms`

function cold(file: string) {
  execFileSync(launcher, [`-env:UserInstallation=${profile}`, '--headless', '--convert-to', 'pdf', '--outdir', path.join(dir, 'cold'), file], { stdio: 'ignore', timeout: 120_000 })
}

try {
  console.log(`bench:convert: ${DOCS} four-page ru/kk DOCX → PDF; warm pool of ${INSTANCES} vs cold soffice per document`)
  // Profile set-up (and its restart) is a one-off, not part of a cold conversion.
  cold(files[0]!)

  const pool = new ConverterPool({ instances: INSTANCES, timeoutMs: 60_000 })
  await pool.start()
  await pool.toPdf(sampleContract(999))

  const warmTimes: number[] = []
  let t0 = performance.now()
  for (const i of files.keys()) {
    const t = performance.now()
    const pdf = await pool.toPdf(sampleContract(i))
    warmTimes.push(performance.now() - t)
    if (pdf.subarray(0, 5).toString() !== '%PDF-') throw new Error('the warm converter answered something that is not a PDF')
  }
  const warmTotal = performance.now() - t0
  // Throughput with every instance busy.
  t0 = performance.now()
  await Promise.all(files.map((_, i) => pool.toPdf(sampleContract(i))))
  const parallelTotal = performance.now() - t0
  await pool.stop()

  const coldTimes: number[] = []
  t0 = performance.now()
  for (const f of files) {
    const t = performance.now()
    cold(f)
    coldTimes.push(performance.now() - t)
  }
  const coldTotal = performance.now() - t0

  const ratio = median(coldTimes) / median(warmTimes)
  console.log(`  cold soffice per document   median ${ms(median(coldTimes))}   total ${ms(coldTotal)}`)
  console.log(`  warm converter per document median ${ms(median(warmTimes))}   total ${ms(warmTotal)}   (${(DOCS / (parallelTotal / 1000)).toFixed(1)} docs/s with ${INSTANCES} instance(s) busy)`)
  console.log(`  warm vs cold: ${ratio.toFixed(1)}× faster per document (target ≥ ${TARGET}×) ${ratio >= TARGET ? 'OK' : 'BELOW TARGET'}`)
  process.exitCode = ratio >= TARGET ? 0 : 1
} finally {
  rmSync(dir, { recursive: true, force: true })
}
