import { OfficeError, WarmOffice, type TWarmOfficeOptions } from './warm-office'

/**
 * A few warm LibreOffice instances (on 2 cores two gave +17% over one) with one bounded line
 * of documents: each document goes to the instance with the fewest waiting, and past
 * `maxQueued` the pool refuses at once (the caller's job retries later) instead of letting
 * conversions pile up behind a slow one.
 */
export interface TConverterPoolOptions extends TWarmOfficeOptions {
  instances?: number
  maxQueued?: number
}

export class ConverterPool {
  private readonly offices: WarmOffice[]
  private readonly maxQueued: number

  constructor(options: TConverterPoolOptions = {}) {
    const { instances = 1, maxQueued = 100, ...office } = options
    this.offices = Array.from({ length: Math.max(1, instances) }, () => new WarmOffice(office))
    this.maxQueued = maxQueued
  }

  get size(): number {
    return this.offices.length
  }

  get queued(): number {
    return this.offices.reduce((n, o) => n + o.queued, 0)
  }

  /** The instances, for health checks and for tests that play faults. */
  get instances(): readonly WarmOffice[] {
    return this.offices
  }

  async start(): Promise<void> {
    await Promise.all(this.offices.map((o) => o.start()))
  }

  /** DOCX (or any format LibreOffice opens) → PDF. */
  toPdf(input: Uint8Array, ext = 'docx'): Promise<Buffer> {
    return this.convert(input, ext, 'writer_pdf_Export', 'pdf')
  }

  convert(input: Uint8Array, ext: string, filter: string, outExt: string): Promise<Buffer> {
    if (this.queued >= this.maxQueued) return Promise.reject(new OfficeError('unavailable', `the converter is busy (${this.queued} documents waiting)`))
    const office = this.offices.reduce((a, b) => (b.queued < a.queued ? b : a))
    return office.convert(input, ext, filter, outExt)
  }

  /** Every instance answers a cheap UNO call within the time. */
  async healthy(timeoutMs = 3_000): Promise<boolean> {
    const answers = await Promise.all(this.offices.map((o) => o.probe(timeoutMs)))
    return answers.every(Boolean)
  }

  async stop(): Promise<void> {
    await Promise.all(this.offices.map((o) => o.stop()))
  }
}
