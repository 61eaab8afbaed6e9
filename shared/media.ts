import { z } from 'zod'
import { CONTENT_LOCALES, ZLocalizedTextSchema, type TContentLocale } from './content'

/**
 * The media library (content domain): images editors upload for catalog pages and articles.
 * Each upload is checked by its bytes (PNG, JPEG, WebP, GIF; SVG and anything else refused),
 * re-encoded at a few widths in WebP and in its own format, and described per language (alt).
 * The routes, the domain and the /admin/media page share these.
 */
export const MEDIA_MAX_BYTES = 10 * 1024 * 1024
/** Larger pictures are refused before decoding (a small file can unpack to gigabytes of pixels). */
export const MEDIA_MAX_PIXELS = 40_000_000
export const MEDIA_FORMATS = ['png', 'jpeg', 'webp', 'gif'] as const
export type TMediaFormat = (typeof MEDIA_FORMATS)[number]
export const MEDIA_MIME: Record<TMediaFormat, string> = { png: 'image/png', jpeg: 'image/jpeg', webp: 'image/webp', gif: 'image/gif' }
export const MEDIA_EXT: Record<TMediaFormat, string> = { png: 'png', jpeg: 'jpg', webp: 'webp', gif: 'gif' }
/** The widths made of each image (never wider than the original). */
export const MEDIA_WIDTHS = [320, 768, 1280] as const

export const ZMediaAltSchema = ZLocalizedTextSchema(300)
export type TMediaAlt = { ru?: string; kk?: string; en?: string }

export const ZMediaSizeSchema = z.object({
  /** `original` for the re-encoded full-size copy. */
  name: z.string(),
  width: z.number().int(),
  height: z.number().int(),
  format: z.enum(MEDIA_FORMATS),
  bytes: z.number().int(),
  /** The public address (GET /media/<id>/<file>): cached for a year, the bytes of a name never change. */
  url: z.string(),
})
export type TMediaSize = z.infer<typeof ZMediaSizeSchema>

export const ZMediaItemSchema = z.object({
  id: z.string(),
  filename: z.string(),
  format: z.enum(MEDIA_FORMATS),
  width: z.number().int(),
  height: z.number().int(),
  bytes: z.number().int(),
  alt: z.object({ ru: z.string().optional(), kk: z.string().optional(), en: z.string().optional() }),
  /** Languages without an alt text. */
  missingAlt: z.array(z.enum(CONTENT_LOCALES)),
  sizes: z.array(ZMediaSizeSchema),
  /** The full-size copy in the original format. */
  url: z.string(),
  uploadedBy: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
})
export type TMediaItem = z.infer<typeof ZMediaItemSchema>

export const ZMediaListQuerySchema = z.object({
  /** Matches the file name or an alt text in any language. */
  q: z.string().trim().max(100).optional(),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(24),
})
export type TMediaListQuery = z.input<typeof ZMediaListQuerySchema>

export const ZMediaListSchema = z.object({
  items: z.array(ZMediaItemSchema),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
})

export const ZMediaIdParamsSchema = z.object({ id: z.uuid() })
export const ZUpdateMediaSchema = z.object({ alt: ZMediaAltSchema })
export const ZDeleteMediaQuerySchema = z.object({
  /** Delete even when catalog items mention the image (they keep a broken reference). */
  force: z
    .enum(['1', 'true', '0', 'false'])
    .optional()
    .transform((v) => v === '1' || v === 'true'),
})

export function missingAlt(alt: TMediaAlt): TContentLocale[] {
  return CONTENT_LOCALES.filter((l) => !alt[l]?.trim())
}

/** The `srcset` of an item's sizes in one format (WebP, or the original's). */
export function mediaSrcset(item: Pick<TMediaItem, 'sizes'>, format: TMediaFormat): string {
  return item.sizes
    .filter((s) => s.format === format && s.name !== 'original')
    .map((s) => `${s.url} ${s.width}w`)
    .join(', ')
}
