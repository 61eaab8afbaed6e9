import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ConverterPool, findSoffice, INSTALL_HINT, OfficeError } from '../../server/lib/office'
import { startConverterServer, type TConverterServer } from '../../server/workers/converter-server'
import { sampleContract } from '../helpers/docx'

// The real LibreOffice (scripts/test.mjs installs it as it does Chromium); no fake converter.
if (!findSoffice()) throw new Error(INSTALL_HINT)

const scratch = mkdtempSync(path.join(tmpdir(), 'd24-convert-test-'))
function pdfText(pdf: Buffer): { text: string; pages: number } {
  const file = path.join(scratch, `${Math.random().toString(36).slice(2)}.pdf`)
  writeFileSync(file, pdf)
  const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' })
  const pages = Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [file], { encoding: 'utf8' }))?.[1])
  return { text, pages }
}

const events: string[] = []
// A short timeout keeps the hung-LibreOffice case quick; a warm conversion takes well under a second.
const pool = new ConverterPool({ instances: 1, timeoutMs: 8_000, onEvent: (e) => events.push(e) })
let server: TConverterServer
const TOKEN = 'converter-test-token-0123456789'

beforeAll(async () => {
  await pool.start()
  server = await startConverterServer({ port: 0, token: TOKEN, maxBytes: 512 * 1024, pool })
}, 120_000)
afterAll(async () => {
  await server?.stop()
  await pool.stop()
  rmSync(scratch, { recursive: true, force: true })
})

describe('warm LibreOffice', () => {
  it('turns a four-page ru/kk DOCX into a PDF with the Kazakh letters intact', async () => {
    const { text, pages } = pdfText(await pool.toPdf(sampleContract(7)))
    expect(pages).toBe(4)
    expect(text).toContain('Договор № 7-1')
    expect(text).toContain('жүз жиырма мың теңге')
    expect(text).toContain('ә ғ қ ң ө ұ ү һ і')
  })

  it('keeps one soffice across documents (warm), each answer its own document', async () => {
    const pid = pool.instances[0]!.sofficePid
    const pdfs = await Promise.all([1, 2, 3].map((n) => pool.toPdf(sampleContract(100 + n))))
    pdfs.forEach((pdf, i) => expect(pdfText(pdf).text).toContain(`Договор № ${101 + i}-1`))
    expect(pool.instances[0]!.sofficePid).toBe(pid)
  })

  it('a document it cannot open fails with a reason, and the instance stays up', async () => {
    const pid = pool.instances[0]!.sofficePid
    const broken = Buffer.concat([Buffer.from('504b0304', 'hex'), Buffer.alloc(2000, 7)])
    await expect(pool.toPdf(broken)).rejects.toMatchObject({ code: 'failed' })
    expect(pool.instances[0]!.sofficePid).toBe(pid)
    expect(pdfText(await pool.toPdf(sampleContract(8))).text).toContain('Договор № 8-1')
  })

  it('soffice killed between documents: the next one restarts it and succeeds', async () => {
    await pool.start()
    const pid = pool.instances[0]!.sofficePid!
    process.kill(pid, 'SIGKILL')
    expect(pdfText(await pool.toPdf(sampleContract(9))).text).toContain('Договор № 9-1')
    expect(pool.instances[0]!.sofficePid).not.toBe(pid)
  })

  it('soffice killed during a document: the document is converted once more by a fresh one', async () => {
    await pool.start()
    const pid = pool.instances[0]!.sofficePid!
    const converting = pool.toPdf(sampleContract(10))
    process.kill(pid, 'SIGKILL')
    expect(pdfText(await converting).text).toContain('Договор № 10-1')
    expect(pool.instances[0]!.sofficePid).not.toBe(pid)
  })

  it('a hung soffice fails the document as a timeout, is killed and replaced', async () => {
    await pool.start()
    const pid = pool.instances[0]!.sofficePid!
    // SIGSTOP: the process and its port stay, calls never return (the hang seen in the trial).
    process.kill(pid, 'SIGSTOP')
    const err = await pool.toPdf(sampleContract(11)).then(
      () => undefined,
      (e: unknown) => e,
    )
    expect(err).toBeInstanceOf(OfficeError)
    expect((err as OfficeError).code).toBe('timeout')
    expect(events).toContain('timeout')
    expect(pdfText(await pool.toPdf(sampleContract(12))).text).toContain('Договор № 12-1')
    expect(pool.instances[0]!.sofficePid).not.toBe(pid)
  }, 60_000)
})

describe('the internal route POST /unoconv/pdf', () => {
  const url = (p: string) => `http://127.0.0.1:${server.port}${p}`
  const auth = { authorization: `Bearer ${TOKEN}` }

  it('answers the PDF of a DOCX', async () => {
    const r = await fetch(url('/unoconv/pdf'), { method: 'POST', headers: auth, body: new Uint8Array(sampleContract(13)) })
    expect(r.status).toBe(200)
    expect(r.headers.get('content-type')).toBe('application/pdf')
    expect(pdfText(Buffer.from(await r.arrayBuffer())).text).toContain('Договор № 13-1')
  })

  it('wants the token', async () => {
    const attempts: Array<Record<string, string>> = [{}, { authorization: 'Bearer wrong-token-0123456789xx' }, { authorization: TOKEN }]
    for (const headers of attempts) {
      const r = await fetch(url('/unoconv/pdf'), { method: 'POST', headers, body: new Uint8Array(sampleContract(14)) })
      expect(r.status).toBe(401)
    }
    expect((await fetch(url('/unoconv/health'))).status).toBe(401)
  })

  it('passes on office formats only (LibreOffice would open anything as text)', async () => {
    const r = await fetch(url('/unoconv/pdf'), { method: 'POST', headers: auth, body: new TextEncoder().encode('#!/bin/sh\necho hello\n') })
    expect(r.status).toBe(415)
  })

  it('refuses a body over the limit before converting it', async () => {
    const big = Buffer.concat([Buffer.from('504b0304', 'hex'), Buffer.alloc(600 * 1024)])
    const r = await fetch(url('/unoconv/pdf'), { method: 'POST', headers: auth, body: new Uint8Array(big) })
    expect(r.status).toBe(413)
  })

  it('reports its health', async () => {
    const r = await fetch(url('/unoconv/health'), { headers: auth })
    expect(r.status).toBe(200)
    expect(await r.json()).toMatchObject({ status: 'ok', instances: 1 })
  })
})
