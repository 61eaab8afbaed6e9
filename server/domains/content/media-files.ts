import type { Metadata, Sharp } from 'sharp'
import { AppError } from '../../lib/errors'
import { MEDIA_EXT, MEDIA_MAX_PIXELS, MEDIA_WIDTHS, type TMediaFormat } from '../../../shared/media'

/**
 * The image side of the media library: what a file is (by its bytes, never by its name or
 * the browser's claim) and the sizes made of it. Every stored file is sharp's output, never
 * the uploaded bytes: metadata (EXIF, GPS) is stripped and a file that only pretends to be
 * an image (a polyglot) does not survive the re-encoding.
 */

export function mediaError(code: 'UNSUPPORTED_MEDIA' | 'VALIDATION' | 'PAYLOAD_TOO_LARGE', reason: string, message: string, params: Record<string, unknown> = {}): AppError {
  return new AppError(code, message, { messageKey: `errors.content.${reason}`, params: { reason, ...params } })
}

/** The format by its signature; null for anything else (SVG, PDF, HEIC, text...). */
export function sniffImage(b: Buffer): TMediaFormat | null {
  if (b.length >= 8 && b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'png'
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'jpeg'
  if (b.length >= 6 && (b.subarray(0, 6).toString('latin1') === 'GIF87a' || b.subarray(0, 6).toString('latin1') === 'GIF89a')) return 'gif'
  if (b.length >= 12 && b.subarray(0, 4).toString('latin1') === 'RIFF' && b.subarray(8, 12).toString('latin1') === 'WEBP') return 'webp'
  return null
}

function looksLikeSvg(b: Buffer): boolean {
  const head = b.subarray(0, 1024).toString('utf8').replace(/^\uFEFF/, '').trimStart().toLowerCase()
  return head.startsWith('<svg') || (head.startsWith('<?xml') && head.includes('<svg')) || head.startsWith('<!doctype svg')
}

export interface TMadeSize {
  /** `original` or the width. */
  name: string
  file: string
  width: number
  height: number
  format: TMediaFormat
  data: Buffer
}

export interface TMadeImage {
  format: TMediaFormat
  width: number
  height: number
  sizes: TMadeSize[]
}

function encode(img: Sharp, format: TMediaFormat): Sharp {
  switch (format) {
    case 'png':
      return img.png({ compressionLevel: 8 })
    case 'jpeg':
      return img.jpeg({ quality: 82, mozjpeg: true })
    case 'gif':
      return img.gif()
    case 'webp':
      return img.webp({ quality: 80 })
  }
}

/**
 * Checks the bytes and makes the stored files: the full size and each of MEDIA_WIDTHS below
 * it, each in WebP and in the original format (one file when that is WebP). An animated GIF
 * stays animated. One file at a time, so an upload holds a few megabytes of pixels, not all
 * sizes at once.
 */
export async function makeImageSizes(data: Buffer): Promise<TMadeImage> {
  // Loaded on first use: libvips is not needed by whoever imports the content domain for anything else.
  const { default: sharp } = await import('sharp')
  const format = sniffImage(data)
  if (!format) {
    const svg = looksLikeSvg(data)
    throw mediaError(
      'UNSUPPORTED_MEDIA',
      svg ? 'media_svg' : 'media_type',
      svg ? 'SVG images are not accepted (they can carry scripts): upload PNG, JPEG, WebP or GIF.' : 'Only PNG, JPEG, WebP and GIF images are accepted.',
    )
  }
  const animated = format === 'gif' || format === 'webp'
  let meta: Metadata
  try {
    meta = await sharp(data, { animated, limitInputPixels: false }).metadata()
  } catch {
    throw mediaError('VALIDATION', 'media_unreadable', 'The image could not be read: the file is damaged.')
  }
  const width = meta.width ?? 0
  const height = meta.pageHeight ?? meta.height ?? 0
  const pages = meta.pages ?? 1
  if (!width || !height) throw mediaError('VALIDATION', 'media_unreadable', 'The image could not be read: the file is damaged.')
  if (width * height * pages > MEDIA_MAX_PIXELS) {
    throw mediaError('PAYLOAD_TOO_LARGE', 'media_too_many_pixels', `The image is too large: at most ${MEDIA_MAX_PIXELS} pixels.`, { maxPixels: MEDIA_MAX_PIXELS })
  }
  if (meta.format && String(meta.format).replace('jpg', 'jpeg') !== format) {
    throw mediaError('UNSUPPORTED_MEDIA', 'media_type', 'Only PNG, JPEG, WebP and GIF images are accepted.')
  }
  // EXIF orientation applied (rotate()), then every size from the same source.
  const source = () => sharp(data, { animated, limitInputPixels: MEDIA_MAX_PIXELS * 1.01 }).rotate()
  const rotated = (meta.orientation ?? 1) >= 5
  const [fullW, fullH] = rotated ? [height, width] : [width, height]
  const formats: TMediaFormat[] = format === 'webp' ? ['webp'] : ['webp', format]
  const sizes: TMadeSize[] = []
  try {
    for (const f of formats) {
      const out = await encode(source(), f).toBuffer({ resolveWithObject: true })
      sizes.push({ name: 'original', file: `original.${MEDIA_EXT[f]}`, width: fullW, height: fullH, format: f, data: out.data })
    }
    for (const w of MEDIA_WIDTHS.filter((w) => w < fullW)) {
      for (const f of formats) {
        const out = await encode(source().resize({ width: w }), f).toBuffer({ resolveWithObject: true })
        sizes.push({ name: String(w), file: `${w}.${MEDIA_EXT[f]}`, width: out.info.width, height: out.info.pageHeight ?? out.info.height, format: f, data: out.data })
      }
    }
  } catch (e) {
    if (e instanceof AppError) throw e
    throw mediaError('VALIDATION', 'media_unreadable', 'The image could not be read: the file is damaged.')
  }
  return { format, width: fullW, height: fullH, sizes }
}
