import { randomUUID } from 'node:crypto'
import { Readable } from 'node:stream'
import type { Media } from '../../generated/prisma/client'
import { useDb } from '../../lib/db'
import { AppError } from '../../lib/errors'
import { useLogger } from '../../lib/log'
import { putObjectStream, removeObject } from '../../lib/storage'
import {
  MEDIA_MAX_BYTES,
  MEDIA_MIME,
  missingAlt,
  ZMediaAltSchema,
  ZMediaListQuerySchema,
  type TMediaAlt,
  type TMediaFormat,
  type TMediaItem,
  type TMediaListQuery,
} from '../../../shared/media'
import type { TContentActor } from './actor'
import { makeImageSizes, mediaError } from './media-files'

/**
 * The media library's use cases (editors and admins; the routes' guards). Files live in
 * S3 under media/<id>/<name>.<ext>; the public read route (server/routes/media) serves
 * them by that key alone, so a deleted image's files stop being served with the objects.
 */
const log = useLogger('content')

interface TStoredSize {
  name: string
  file: string
  width: number
  height: number
  format: TMediaFormat
  bytes: number
}

export const mediaKey = (id: string, file: string) => `media/${id}/${file}`
/** Where the public read route serves a file (server/routes/media/[id]/[file].get.ts). */
export const mediaUrl = (id: string, file: string) => `/media/${id}/${file}`

function mediaNotFound(): AppError {
  return AppError.notFound('Media', { messageKey: 'errors.content.media_not_found' })
}

function toMediaItem(m: Media): TMediaItem {
  const sizes = m.sizes as unknown as TStoredSize[]
  const alt = (m.alt ?? {}) as TMediaAlt
  const format = m.format as TMediaFormat
  const original = sizes.find((s) => s.name === 'original' && s.format === format) ?? sizes[0]!
  return {
    id: m.id,
    filename: m.filename,
    format,
    width: m.width,
    height: m.height,
    bytes: m.bytes,
    alt: { ...(alt.ru ? { ru: alt.ru } : {}), ...(alt.kk ? { kk: alt.kk } : {}), ...(alt.en ? { en: alt.en } : {}) },
    missingAlt: missingAlt(alt),
    sizes: sizes.map((s) => ({ name: s.name, width: s.width, height: s.height, format: s.format, bytes: s.bytes, url: mediaUrl(m.id, s.file) })),
    url: mediaUrl(m.id, original.file),
    uploadedBy: m.uploadedBy,
    createdAt: m.createdAt.toISOString(),
    updatedAt: m.updatedAt.toISOString(),
  }
}

/** A display name without path parts or control characters, at most 255 characters. */
function cleanFilename(name: string): string {
  // eslint-disable-next-line no-control-regex
  const base = (name.split(/[\\/]/).pop() ?? '').replace(/[\u0000-\u001f\u007f]/g, '').trim()
  return (base || 'image').slice(0, 255)
}

/**
 * Stores an uploaded image: checked and resized (media-files.ts), every file put in S3,
 * then the row. A failure part way removes what was already stored.
 * Not scanned for viruses: no antivirus service exists yet (re-encoding is what protects
 * the readers meanwhile: no uploaded byte is served as it came).
 */
export async function uploadMedia(actor: TContentActor, input: { data: Buffer; filename: string; alt?: TMediaAlt }): Promise<TMediaItem> {
  if (input.data.length > MEDIA_MAX_BYTES) {
    throw mediaError('PAYLOAD_TOO_LARGE', 'media_too_large', 'The image is larger than 10 MB.', { maxBytes: MEDIA_MAX_BYTES })
  }
  const alt = ZMediaAltSchema.parse(input.alt ?? {})
  const made = await makeImageSizes(input.data)
  const id = randomUUID()
  const stored: string[] = []
  try {
    const sizes: TStoredSize[] = []
    for (const s of made.sizes) {
      const key = mediaKey(id, s.file)
      await putObjectStream(key, Readable.from([s.data]), s.data.length, MEDIA_MIME[s.format])
      stored.push(key)
      sizes.push({ name: s.name, file: s.file, width: s.width, height: s.height, format: s.format, bytes: s.data.length })
    }
    const original = made.sizes.find((s) => s.name === 'original' && s.format === made.format)!
    const row = await useDb().media.create({
      data: {
        id,
        filename: cleanFilename(input.filename),
        format: made.format,
        width: made.width,
        height: made.height,
        bytes: original.data.length,
        sizes: sizes as object[],
        alt,
        uploadedBy: actor.userId,
      },
    })
    return toMediaItem(row)
  } catch (e) {
    await Promise.allSettled(stored.map((k) => removeObject(k)))
    throw e
  }
}

const likePattern = (q: string) => `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`

/** Newest first; `q` matches the file name or an alt text in any language (case-insensitive). */
export async function listMedia(query: TMediaListQuery = {}): Promise<{ items: TMediaItem[]; total: number; page: number; pageSize: number }> {
  const { q, page, pageSize } = ZMediaListQuerySchema.parse(query)
  const db = useDb()
  const p = q ? likePattern(q) : null
  const [rows, count] = await Promise.all([
    db.$queryRaw<Media[]>`
      SELECT id, filename, format, width, height, bytes, sizes, alt, uploaded_by AS "uploadedBy", created_at AS "createdAt", updated_at AS "updatedAt"
      FROM media
      WHERE ${p}::text IS NULL OR filename ILIKE ${p} OR alt->>'ru' ILIKE ${p} OR alt->>'kk' ILIKE ${p} OR alt->>'en' ILIKE ${p}
      ORDER BY created_at DESC, id
      LIMIT ${pageSize} OFFSET ${(page - 1) * pageSize}`,
    db.$queryRaw<{ n: bigint }[]>`
      SELECT count(*) AS n FROM media
      WHERE ${p}::text IS NULL OR filename ILIKE ${p} OR alt->>'ru' ILIKE ${p} OR alt->>'kk' ILIKE ${p} OR alt->>'en' ILIKE ${p}`,
  ])
  return { items: rows.map(toMediaItem), total: Number(count[0]?.n ?? 0), page, pageSize }
}

export async function getMedia(id: string): Promise<TMediaItem> {
  const row = await useDb().media.findUnique({ where: { id } })
  if (!row) throw mediaNotFound()
  return toMediaItem(row)
}

/** Replaces the alt texts (an empty one is removed). */
export async function updateMediaAlt(id: string, input: { alt: TMediaAlt }): Promise<TMediaItem> {
  const alt = ZMediaAltSchema.parse(input.alt)
  const found = await useDb().media.findUnique({ where: { id }, select: { id: true } })
  if (!found) throw mediaNotFound()
  return toMediaItem(await useDb().media.update({ where: { id }, data: { alt } }))
}

/** Catalog items whose draft or published text mentions the image (its id is in every URL of it). */
async function itemsUsing(id: string): Promise<{ id: string; title: string }[]> {
  const rows = await useDb().$queryRaw<{ id: string; draft: unknown }[]>`
    SELECT id::text, draft FROM content_items WHERE draft::text LIKE ${`%${id}%`} OR published::text LIKE ${`%${id}%`} LIMIT 20`
  return rows.map((r) => {
    const title = (r.draft as { title?: { ru?: string; kk?: string; en?: string } } | null)?.title
    return { id: r.id, title: title?.ru ?? title?.kk ?? title?.en ?? '' }
  })
}

/**
 * Deletes the row and every stored file. Refused (409 `errors.content.media_in_use`, the items
 * in `params.items`) while a catalog item mentions the image, unless `force`.
 */
export async function deleteMedia(id: string, opts: { force?: boolean } = {}): Promise<void> {
  const row = await useDb().media.findUnique({ where: { id } })
  if (!row) throw mediaNotFound()
  if (!opts.force) {
    const items = await itemsUsing(id)
    if (items.length) {
      throw new AppError('CONFLICT', `The image is used by ${items.length} catalog item(s).`, {
        messageKey: 'errors.content.media_in_use',
        params: { reason: 'media_in_use', count: items.length, items },
      })
    }
  }
  await useDb().media.delete({ where: { id } })
  const files = (row.sizes as unknown as TStoredSize[]).map((s) => mediaKey(id, s.file))
  const results = await Promise.allSettled(files.map((k) => removeObject(k)))
  // The row is gone; an object S3 failed to remove is logged (a sweep can list media/ later).
  const failed = files.filter((_, i) => results[i]!.status === 'rejected')
  if (failed.length) log.warn('media files left in storage after delete', { id, keys: failed })
}
