/**
 * A small BER/DER reader for the few structures the verifier walks on every call (ContentInfo,
 * SignedData, SignerInfo, attributes, TSTInfo). asn1js + pkijs took ~5 ms to parse a 3 KB CMS, most
 * of a verification; this walks the same bytes in microseconds without copying them. Certificates
 * and CRLs are still parsed by pkijs (and certificates only once: certificate.ts caches them).
 *
 * Reads definite lengths and BER's indefinite ones (some CMS producers stream), high tag numbers,
 * constructed OCTET STRINGs. Every read is bounds-checked: a bad input throws DerError, which the
 * verifier answers as cms_malformed.
 */
export class DerError extends Error {}

export interface TNode {
  /** The identifier octet (0x30 SEQUENCE, 0xa0 [0] constructed …); for high tag numbers, its first octet. */
  tag: number
  /** 0 universal, 1 application, 2 context, 3 private. */
  cls: number
  constructed: boolean
  num: number
  start: number
  contentStart: number
  contentEnd: number
  /** Past the node (past the end-of-contents octets of an indefinite length). */
  end: number
}

/** Nesting of indefinite lengths and constructed strings followed before giving up (a hostile input could nest without end). */
const MAX_NESTING = 32

export function readNode(b: Uint8Array, pos: number, limit = b.length, depth = 0): TNode {
  if (pos + 2 > limit) throw new DerError('truncated')
  const tag = b[pos]!
  const cls = tag >> 6
  const constructed = (tag & 0x20) !== 0
  let num = tag & 0x1f
  let p = pos + 1
  if (num === 0x1f) {
    num = 0
    for (let i = 0; ; i++) {
      if (i > 3 || p >= limit) throw new DerError('bad tag')
      const byte = b[p++]!
      num = num * 128 + (byte & 0x7f)
      if (!(byte & 0x80)) break
    }
  }
  if (p >= limit) throw new DerError('truncated')
  const first = b[p++]!
  if (first === 0x80) {
    if (!constructed || depth >= MAX_NESTING) throw new DerError('bad indefinite length')
    let q = p
    while (true) {
      if (q + 2 > limit) throw new DerError('unterminated')
      if (b[q] === 0 && b[q + 1] === 0) break
      q = readNode(b, q, limit, depth + 1).end
    }
    return { tag, cls, constructed, num, start: pos, contentStart: p, contentEnd: q, end: q + 2 }
  }
  let len = first
  if (first & 0x80) {
    const n = first & 0x7f
    if (n > 4 || p + n > limit) throw new DerError('bad length')
    len = 0
    for (let i = 0; i < n; i++) len = len * 256 + b[p++]!
  }
  const contentEnd = p + len
  if (contentEnd > limit) throw new DerError('truncated')
  return { tag, cls, constructed, num, start: pos, contentStart: p, contentEnd, end: contentEnd }
}

export function children(b: Uint8Array, node: TNode): TNode[] {
  if (!node.constructed) throw new DerError('not constructed')
  const out: TNode[] = []
  for (let p = node.contentStart; p < node.contentEnd; ) {
    const child = readNode(b, p, node.contentEnd)
    out.push(child)
    p = child.end
  }
  return out
}

/** `node` when it has `tag`; throws otherwise (the shape checks of the structures we walk). */
export function need(node: TNode | undefined, tag: number): TNode {
  if (!node || node.tag !== tag) throw new DerError(`expected tag ${tag.toString(16)}`)
  return node
}

/** The whole TLV (header included). */
export const encoded = (b: Uint8Array, node: TNode): Uint8Array => b.subarray(node.start, node.end)
export const contents = (b: Uint8Array, node: TNode): Uint8Array => b.subarray(node.contentStart, node.contentEnd)

export function oid(b: Uint8Array, node: TNode): string {
  if (node.tag !== 0x06 || node.contentEnd === node.contentStart) throw new DerError('not an OID')
  const parts: number[] = []
  let value = 0
  for (let p = node.contentStart; p < node.contentEnd; p++) {
    const byte = b[p]!
    value = value * 128 + (byte & 0x7f)
    if (value > Number.MAX_SAFE_INTEGER / 128) throw new DerError('OID arc too large')
    if (!(byte & 0x80)) {
      if (parts.length === 0) parts.push(value < 80 ? Math.floor(value / 40) : 2, value < 80 ? value % 40 : value - 80)
      else parts.push(value)
      value = 0
    }
  }
  return parts.join('.')
}

/** An OCTET STRING's bytes; a constructed one (BER) is joined from its pieces. */
export function octets(b: Uint8Array, node: TNode, depth = 0): Uint8Array {
  if (node.tag === 0x04) return contents(b, node)
  if (node.tag !== 0x24 || depth >= MAX_NESTING) throw new DerError('not an OCTET STRING')
  const parts = children(b, node).map((c) => octets(b, c, depth + 1))
  return new Uint8Array(Buffer.concat(parts))
}

/** UTCTime / GeneralizedTime in UTC ("Z"), fractions of a second allowed; null for anything else. */
export function time(b: Uint8Array, node: TNode): Date | null {
  const s = Buffer.from(contents(b, node)).toString('latin1')
  let m: RegExpExecArray | null
  if (node.tag === 0x17 && (m = /^(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})?Z$/.exec(s))) {
    const yy = Number(m[1])
    return utc(yy < 50 ? 2000 + yy : 1900 + yy, m[2]!, m[3]!, m[4]!, m[5]!, m[6] ?? '0', '')
  }
  if (node.tag === 0x18 && (m = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})?(?:[.,](\d{1,9}))?Z$/.exec(s))) {
    return utc(Number(m[1]), m[2]!, m[3]!, m[4]!, m[5]!, m[6] ?? '0', m[7] ?? '')
  }
  return null
}

function utc(year: number, mo: string, d: string, h: string, mi: string, s: string, frac: string): Date | null {
  const ms = frac ? Math.floor(Number(`0.${frac}`) * 1000) : 0
  const date = new Date(Date.UTC(year, Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s), ms))
  return Number.isNaN(date.getTime()) || date.getUTCMonth() !== Number(mo) - 1 ? null : date
}
