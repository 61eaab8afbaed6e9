/**
 * npm run bench:sign: two measurements for signed files, each against a baseline taken in the same run.
 *
 * 1. Verifications per second of a 1 MiB file's detached CMS (RSA 2048, SHA-256, a test CA):
 *    server/lib/pki's verifyCms in-process against spawning `openssl cms -verify` for the same
 *    signature, the same number of runs, one after the other. Target: in-process ≥ 1× openssl.
 *    The in-process figure is steady state (the signer's certificate parsed and its chain checked
 *    once, then cached, as for a returning signer); the first verification of new signers is
 *    printed beside it.
 * 2. Upload throughput into a local S3 server (s3rver, started here): files PUT through presigned
 *    URLs (useS3().presignedPutObject + fetch, the browser's path) against useS3().putObject.
 *
 * Flags: --runs=<n> verifications per side (default 200), --files=<n> 1 MiB files (20),
 * --big=<n> 16 MiB files (3).
 */
import { execFile } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import { startS3Server } from '../scripts/lib/s3-server'
import { createCa, createTrustStore, issueCertificate, signCms, verifyCms } from '../server/lib/pki'

const arg = (name: string, dflt: number) => Number(process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? dflt)
const RUNS = arg('runs', 200)
const FILES = arg('files', 20)
const BIG = arg('big', 3)
const MiB = 1024 * 1024
const run = promisify(execFile)

const rate = (n: number, ms: number) => (n / (ms / 1000)).toFixed(1)
const mbps = (bytes: number, ms: number) => (bytes / MiB / (ms / 1000)).toFixed(1)

async function verification(dir: string) {
  const root = await createCa({ commonName: 'BENCH ROOT (RSA)' })
  const nca = await createCa({ commonName: 'BENCH NCA (RSA)', parent: root })
  const trust = createTrustStore([root.cert.der])
  const issue = (i: number) => issueCertificate(nca, { commonName: `BENCH SIGNER ${i}`, iin: '123456789011', keyUser: ['INDIVIDUAL'], usage: 'SIGN' })
  const person = await issue(0)
  const data = new Uint8Array(randomBytes(MiB))
  const cms = await signCms(data, { certDer: person.certDer, keys: person.keys, chain: [nca.cert.der] }, { detached: true })
  const files = { cms: path.join(dir, 'sig.cms'), data: path.join(dir, 'file.bin'), chain: path.join(dir, 'chain.pem') }
  writeFileSync(files.cms, cms)
  writeFileSync(files.data, data)
  writeFileSync(files.chain, root.cert.pem + nca.cert.pem)
  const openssl = () =>
    run('openssl', ['cms', '-verify', '-binary', '-inform', 'DER', '-in', files.cms, '-content', files.data, '-CAfile', files.chain, '-purpose', 'any', '-out', '/dev/null'])

  // The first verification of a signer not seen before: its certificate is parsed and its chain checked.
  const fresh = await Promise.all([1, 2, 3, 4, 5].map(issue))
  const freshCms = await Promise.all(fresh.map((c) => signCms(data, { certDer: c.certDer, keys: c.keys, chain: [nca.cert.der] }, { detached: true })))
  let t = performance.now()
  for (const c of freshCms) if (!(await verifyCms(c, { data, trust })).valid) throw new Error('a fresh signature did not verify')
  const firstMs = (performance.now() - t) / freshCms.length

  if (!(await verifyCms(cms, { data, trust })).valid) throw new Error('verifyCms refused the bench signature')
  await openssl()

  t = performance.now()
  for (let i = 0; i < RUNS; i++) if (!(await verifyCms(cms, { data, trust })).valid) throw new Error('verifyCms refused the bench signature')
  const oursMs = performance.now() - t
  t = performance.now()
  for (let i = 0; i < RUNS; i++) await openssl() // a non-zero exit rejects
  const opensslMs = performance.now() - t

  const ratio = opensslMs / oursMs
  console.log(`1. Verify a 1 MiB file's detached CMS (RSA 2048, SHA-256, chain of 2), ${RUNS} runs each, one at a time`)
  console.log(`  verifyCms in-process         ${rate(RUNS, oursMs).padStart(8)} /s   ${(oursMs / RUNS).toFixed(2)} ms each (first verification of a new signer: ${firstMs.toFixed(2)} ms)`)
  console.log(`  openssl cms -verify, spawned ${rate(RUNS, opensslMs).padStart(8)} /s   ${(opensslMs / RUNS).toFixed(2)} ms each`)
  console.log(`  in-process vs openssl: ${ratio.toFixed(1)}× (target ≥ 1×) ${ratio >= 1 ? 'OK' : 'BELOW TARGET'}`)
  return ratio
}

async function uploads(dir: string) {
  const s3 = await startS3Server({ port: 0, dir: path.join(dir, 's3'), buckets: ['bench-sign'] })
  try {
    // storage.ts reads its endpoint from the config on first use: set it before importing it.
    Object.assign(process.env, { S3_ENDPOINT: s3.endpoint, S3_BUCKET: 'bench-sign', S3_ACCESS_KEY: 'S3RVER', S3_SECRET_KEY: 'S3RVER', S3_REGION: 'us-east-1' })
    const { useS3 } = await import('../server/lib/storage')
    const client = useS3()
    const bodies = [...Array.from({ length: FILES }, () => new Uint8Array(randomBytes(MiB))), ...Array.from({ length: BIG }, () => new Uint8Array(randomBytes(16 * MiB)))]
    const total = bodies.reduce((n, b) => n + b.byteLength, 0)
    let n = 0
    const presigned = async (body: Uint8Array<ArrayBuffer>) => {
      const url = await client.presignedPutObject('bench-sign', `presigned/${n++}.bin`, 900)
      const res = await fetch(url, { method: 'PUT', body, headers: { 'content-type': 'application/octet-stream' } })
      if (!res.ok) throw new Error(`presigned PUT answered ${res.status}`)
      await res.arrayBuffer()
    }
    const direct = async (body: Uint8Array<ArrayBuffer>) => {
      await client.putObject('bench-sign', `direct/${n++}.bin`, Buffer.from(body.buffer, body.byteOffset, body.byteLength), body.byteLength)
    }
    const timed = async (put: (b: Uint8Array<ArrayBuffer>) => Promise<void>) => {
      const t = performance.now()
      for (const b of bodies) await put(b)
      return performance.now() - t
    }
    await presigned(new Uint8Array(randomBytes(1024)))
    await direct(new Uint8Array(randomBytes(1024)))
    // Two rounds in opposite order, so neither side always runs on the warmer disk cache.
    const p1 = await timed(presigned)
    const d1 = await timed(direct)
    const d2 = await timed(direct)
    const p2 = await timed(presigned)
    const pMs = p1 + p2
    const dMs = d1 + d2
    console.log(`2. Upload ${FILES} × 1 MiB + ${BIG} × 16 MiB (${(total / MiB).toFixed(0)} MiB) into a local S3 (s3rver), two rounds each, one file at a time`)
    console.log(`  presigned URL + fetch PUT    ${mbps(2 * total, pMs).padStart(8)} MB/s`)
    console.log(`  useS3().putObject            ${mbps(2 * total, dMs).padStart(8)} MB/s`)
    console.log(`  presigned vs putObject: ${(dMs / pMs).toFixed(2)}×`)
  } finally {
    await s3.stop()
  }
}

const dir = mkdtempSync(path.join(tmpdir(), 'd24-bench-sign-'))
try {
  console.log(`bench:sign (node ${process.version}, ${(await run('openssl', ['version'])).stdout.trim()})`)
  const ratio = await verification(dir)
  await uploads(dir)
  process.exitCode = ratio >= 1 ? 0 : 1
} finally {
  rmSync(dir, { recursive: true, force: true })
}
