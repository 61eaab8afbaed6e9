import type { H3Event } from 'h3'
import { getRequestHeader, readMultipartFormData } from 'h3'
import { AppError } from '../lib/errors'
import { readLimitedRaw } from './body'

/** Room for the multipart framing (boundaries, part headers, other small fields) around the file. */
export const MULTIPART_OVERHEAD_BYTES = 64 * 1024

export interface TUploadedFile {
  data: Buffer
  /** As the browser sent it: only for display and the extension, never a path. */
  filename: string
  /** The browser's claim; callers check the bytes themselves. */
  type: string | undefined
  /** The other (text) fields of the form. */
  fields: Record<string, string>
  /** Further files asked for with `also`, by field (absent when the form had none there). */
  others: Record<string, { data: Buffer; filename: string; type: string | undefined }>
}

/**
 * One file from a `multipart/form-data` body, for routes that take uploads (their
 * contract declares no `body` and sets `bodyLimit` to `maxBytes + MULTIPART_OVERHEAD_BYTES`).
 * The body is read under that limit (413 before a byte when the Content-Length says more);
 * the file itself is held to `maxBytes` (413 with `tooLargeKey`). Another content type is a
 * 415; a form without the field a 400.
 */
export async function readUploadedFile(
  event: H3Event,
  opts: { field: string; maxBytes: number; tooLargeKey?: string; missingKey?: string; notMultipartKey?: string; also?: string[] },
): Promise<TUploadedFile> {
  const type = getRequestHeader(event, 'content-type') ?? ''
  if (!/^multipart\/form-data\s*;/i.test(type)) {
    throw new AppError('UNSUPPORTED_MEDIA', 'Send the file as multipart/form-data.', { messageKey: opts.notMultipartKey ?? 'errors.unsupported_media' })
  }
  const raw = await readLimitedRaw(event, opts.maxBytes + MULTIPART_OVERHEAD_BYTES)
  const parts = raw === undefined ? undefined : await readMultipartFormData(event)
  const fields: Record<string, string> = {}
  let file: TUploadedFile | undefined
  const others: TUploadedFile['others'] = {}
  for (const p of parts ?? []) {
    if (p.name === opts.field && p.filename !== undefined && !file) file = { data: p.data, filename: p.filename, type: p.type, fields, others }
    else if (p.name && p.filename !== undefined && opts.also?.includes(p.name) && !others[p.name]) others[p.name] = { data: p.data, filename: p.filename, type: p.type }
    else if (p.name && p.filename === undefined && p.data.length <= 4096) fields[p.name] = p.data.toString('utf8')
  }
  if (!file) {
    throw new AppError('VALIDATION', `The form has no file in the field "${opts.field}".`, {
      messageKey: opts.missingKey ?? 'errors.validation',
      fields: [{ path: `body.${opts.field}`, message: 'required', code: 'required' }],
    })
  }
  if (file.data.length > opts.maxBytes) {
    throw new AppError('PAYLOAD_TOO_LARGE', `The file is larger than ${opts.maxBytes} bytes.`, {
      messageKey: opts.tooLargeKey ?? 'errors.payload_too_large',
      params: { maxBytes: opts.maxBytes },
    })
  }
  return file
}
