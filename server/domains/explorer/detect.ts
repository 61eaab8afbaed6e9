import type { Readable } from 'node:stream'
import { fileTypeFromStream } from 'file-type'
import { FILE_KINDS, type TFileKind } from '../../../shared/explorer'

const KIND_OF_MIME = new Map<string, TFileKind>(Object.entries(FILE_KINDS).map(([k, v]) => [v.mime, k as TFileKind]))

/**
 * What the bytes are, by their magic numbers (file-type reads only as far as it needs,
 * into a zip's entries for DOCX/XLSX), never by the name or the browser's type. Null:
 * not a kind we store. Bytes with no magic number count as text when their start is
 * UTF-8 without control characters (tabs and line ends aside).
 */
export async function detectKind(open: () => Promise<Readable>, head: () => Promise<Uint8Array>): Promise<TFileKind | null> {
  const stream = await open()
  let detected: Awaited<ReturnType<typeof fileTypeFromStream>>
  try {
    // file-type's Node entry (what tsx, Nitro and the worker bundle load) takes a Node stream;
    // the type checker sees its browser entry, whose signature names web streams only.
    detected = await fileTypeFromStream(stream as unknown as Parameters<typeof fileTypeFromStream>[0])
  } finally {
    stream.destroy()
  }
  if (detected) return KIND_OF_MIME.get(detected.mime) ?? null
  return looksLikeText(await head()) ? 'txt' : null
}

export function looksLikeText(bytes: Uint8Array): boolean {
  // The sample may end inside a multi-byte character: up to 3 trailing bytes may be cut off,
  // an invalid sequence anywhere else is not text.
  const decoder = new TextDecoder('utf-8', { fatal: true })
  for (let cut = 0; cut <= Math.min(3, bytes.length - 1); cut++) {
    let text: string
    try {
      text = decoder.decode(bytes.subarray(0, bytes.length - cut))
    } catch {
      continue
    }
    return !/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/.test(text)
  }
  return false
}
