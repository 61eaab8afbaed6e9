import type { H3Event } from 'h3'
import { setResponseHeaders } from 'h3'

/**
 * Answers a generated file as a download: its type (the route contract's `contentType`),
 * `Content-Disposition: attachment` with its name, and never cached (it is someone's
 * private paper). The handler returns the bytes this gives back.
 */
export function sendDownload(event: H3Event, file: { fileName: string; bytes: Uint8Array }, contentType: string): Uint8Array {
  // The name is ours (ASCII, no quotes), so it goes into the header as it is.
  setResponseHeaders(event, {
    'content-type': contentType,
    'content-disposition': `attachment; filename="${file.fileName}"`,
    'cache-control': 'private, no-store',
  })
  return file.bytes
}
