import { mkdtempSync, rmSync } from 'node:fs'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { createRouter, toNodeListener } from 'h3'
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startS3Server, type TS3Server } from '../../scripts/lib/s3-server'
import { ensureDemoUsers } from '../../server/domains/auth'
import mediaRoute from '../../server/routes/media/[id]/[file].get'
import { resetConfigForTests } from '../../server/lib/config'
import { closeDb, useDb } from '../../server/lib/db'
import { closeRedis } from '../../server/lib/redis'
import { ensureBucket, useS3 } from '../../server/lib/storage'
import { MEDIA_MAX_BYTES, type TMediaItem } from '../../shared/media'
import { activeUser, call, uniqueIp } from '../helpers/auth'
import { createTestDatabase, testRedisPrefix } from '../helpers/db'
import { createApiApp } from '../helpers/h3-app'

/**
 * The media library through the real routes, a real S3 (s3rver) and sharp: an editor uploads
 * (checked by bytes, resized, re-encoded), lists and searches, writes alt texts per language,
 * the public route serves the files with long caching, and delete removes them (refused while
 * a catalog item mentions the image). Plain users are refused; SVG and non-images are 415.
 */
let base: string
let close: () => Promise<void>
let s3: TS3Server
let s3dir: string
let drop: () => Promise<void>
let editor: string
let person: string
let admin: string

beforeAll(async () => {
  const db = await createTestDatabase('content_media')
  drop = db.drop
  s3dir = mkdtempSync(path.join(tmpdir(), 'd24-media-s3-'))
  s3 = await startS3Server({ port: 0, dir: s3dir })
  Object.assign(process.env, {
    DATABASE_URL: db.url,
    REDIS_PREFIX: testRedisPrefix('content_media'),
    REGION: 'kz',
    TRUST_PROXY: '1',
    REGISTER_IP_LIMIT: '1000',
    NODE_ENV: 'test',
    LOG_LEVEL: 'error',
    S3_ENDPOINT: s3.endpoint,
    S3_BUCKET: 'media-test',
    S3_ACCESS_KEY: 'S3RVER',
    S3_SECRET_KEY: 'S3RVER',
  })
  resetConfigForTests()
  await ensureBucket()
  const { app } = await createApiApp(['auth', 'content'])
  const publicRoutes = createRouter()
  publicRoutes.get('/media/:id/:file', mediaRoute)
  app.use(publicRoutes)
  const server = createServer(toNodeListener(app))
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  close = () => new Promise<void>((resolve) => server.close(() => resolve()))
  await ensureDemoUsers()
  admin = (await call(base, 'POST', '/api/auth/login', { body: { email: 'admin@dogovor24.kz', password: 'Demo12345' } })).body.accessToken
  const e = await activeUser(base)
  await useDb().user.update({ where: { id: e.userId }, data: { roles: ['user', 'editor'] } })
  editor = (await call(base, 'POST', '/api/auth/login', { body: { email: e.email, password: e.password }, ip: uniqueIp() })).body.accessToken
  person = (await activeUser(base)).accessToken
}, 60_000)

afterAll(async () => {
  await close?.()
  await s3?.stop()
  await closeRedis()
  await closeDb()
  await drop?.()
  rmSync(s3dir, { recursive: true, force: true })
})

async function upload(data: Buffer, opts: { token?: string; name?: string; alt?: Record<string, string> } = {}) {
  const form = new FormData()
  form.append('file', new Blob([new Uint8Array(data)], { type: 'image/png' }), opts.name ?? 'photo.png')
  for (const [l, v] of Object.entries(opts.alt ?? {})) form.append(`alt.${l}`, v)
  const res = await fetch(`${base}/api/content/admin/media`, { method: 'POST', headers: { authorization: `Bearer ${opts.token ?? editor}` }, body: form })
  const text = await res.text()
  return { status: res.status, body: text ? JSON.parse(text) : null }
}

const picture = (width: number, height: number) =>
  sharp({ create: { width, height, channels: 3, background: { r: 200, g: 30, b: 60 } } })

async function bucketKeys(prefix: string): Promise<string[]> {
  const keys: string[] = []
  for await (const o of useS3().listObjectsV2('media-test', prefix, true)) keys.push((o as { name: string }).name)
  return keys.sort()
}

let photo: TMediaItem

describe('media library', () => {
  it('an editor uploads a PNG: sizes 320/768/1280 in WebP and PNG under media/<id>/, alt per language', async () => {
    const png = await picture(1600, 1000).png().toBuffer()
    const r = await upload(png, { name: 'офис.png', alt: { ru: 'Офис компании', kk: 'Компания кеңсесі' } })
    expect(r.status, JSON.stringify(r.body)).toBe(201)
    photo = r.body
    expect(photo).toMatchObject({ filename: 'офис.png', format: 'png', width: 1600, height: 1000, alt: { ru: 'Офис компании', kk: 'Компания кеңсесі' }, missingAlt: ['en'] })
    const names = photo.sizes.map((s) => `${s.name}.${s.format}:${s.width}x${s.height}`).sort()
    expect(names).toEqual([
      '1280.png:1280x800',
      '1280.webp:1280x800',
      '320.png:320x200',
      '320.webp:320x200',
      '768.png:768x480',
      '768.webp:768x480',
      'original.png:1600x1000',
      'original.webp:1600x1000',
    ])
    expect(await bucketKeys(`media/${photo.id}/`)).toEqual(
      ['1280.png', '1280.webp', '320.png', '320.webp', '768.png', '768.webp', 'original.png', 'original.webp'].map((f) => `media/${photo.id}/${f}`),
    )
    // What is stored is really what the name says.
    const webp = photo.sizes.find((s) => s.name === '768' && s.format === 'webp')!
    const res = await fetch(base + webp.url)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('image/webp')
    expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable')
    expect(res.headers.get('x-content-type-options')).toBe('nosniff')
    const meta = await sharp(Buffer.from(await res.arrayBuffer())).metadata()
    expect([meta.format, meta.width, meta.height]).toEqual(['webp', 768, 480])
    // A browser's revalidation costs no body.
    const again = await fetch(base + webp.url, { headers: { 'if-none-match': res.headers.get('etag')! } })
    expect(again.status).toBe(304)
  })

  it('a small JPEG is not enlarged; GIF and WebP are accepted; EXIF is stripped', async () => {
    const jpeg = await picture(300, 200).jpeg().withMetadata({ exif: { IFD0: { Copyright: 'secret-gps-here' } } }).toBuffer()
    const j = await upload(jpeg, { name: 'small.jpg' })
    expect(j.status, JSON.stringify(j.body)).toBe(201)
    expect(j.body.sizes.map((s: { name: string; format: string }) => `${s.name}.${s.format}`).sort()).toEqual(['original.jpeg', 'original.webp'])
    const stored = Buffer.from(await (await fetch(base + j.body.url)).arrayBuffer())
    expect(stored.includes(Buffer.from('secret-gps-here'))).toBe(false)
    expect((await sharp(stored).metadata()).format).toBe('jpeg')

    const gif = await upload(await picture(400, 300).gif().toBuffer(), { name: 'anim.gif' })
    expect(gif.status, JSON.stringify(gif.body)).toBe(201)
    expect(gif.body.format).toBe('gif')
    const webp = await upload(await picture(800, 600).webp().toBuffer(), { name: 'pic.webp' })
    expect(webp.status).toBe(201)
    expect(webp.body.sizes.every((s: { format: string }) => s.format === 'webp')).toBe(true)
  })

  it('SVG, a renamed text file and a broken image are refused with clear messages; oversize is 413; a plain user 403', async () => {
    const svg = await upload(Buffer.from('<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'), { name: 'logo.png' })
    expect(svg.status).toBe(415)
    expect(svg.body.error.messageKey).toBe('errors.content.media_svg')
    const text = await upload(Buffer.from('hello, this is not an image'), { name: 'photo.png' })
    expect(text.status).toBe(415)
    expect(text.body.error.messageKey).toBe('errors.content.media_type')
    const png = await picture(100, 100).png().toBuffer()
    const broken = await upload(Buffer.concat([png.subarray(0, 40), Buffer.alloc(200, 1)]))
    expect(broken.status).toBe(400)
    expect(broken.body.error.messageKey).toBe('errors.content.media_unreadable')
    const big = await upload(Buffer.alloc(MEDIA_MAX_BYTES + 10, 0))
    expect(big.status).toBe(413)
    expect((await upload(png, { token: person })).status).toBe(403)
    expect((await call(base, 'GET', '/api/content/admin/media', { token: person })).status).toBe(403)
  })

  it('lists newest first, searches by file name and alt text, edits alt texts', async () => {
    const all = await call(base, 'GET', '/api/content/admin/media?pageSize=2', { token: editor })
    expect(all.status).toBe(200)
    expect(all.body.total).toBe(4)
    expect(all.body.items).toHaveLength(2)
    expect(all.body.items[0].filename).toBe('pic.webp')
    expect((await call(base, 'GET', `/api/content/admin/media?q=${encodeURIComponent('кеңсе')}`, { token: editor })).body.items.map((i: TMediaItem) => i.id)).toEqual([photo.id])
    expect((await call(base, 'GET', '/api/content/admin/media?q=ANIM', { token: editor })).body.items.map((i: TMediaItem) => i.filename)).toEqual(['anim.gif'])
    expect((await call(base, 'GET', '/api/content/admin/media?q=100%25', { token: editor })).body.total).toBe(0)

    const edited = await call(base, 'PATCH', `/api/content/admin/media/${photo.id}`, { token: editor, body: { alt: { ru: 'Офис', kk: '', en: 'Office' } } })
    expect(edited.status, JSON.stringify(edited.body)).toBe(200)
    expect(edited.body.alt).toEqual({ ru: 'Офис', en: 'Office' })
    expect(edited.body.missingAlt).toEqual(['kk'])
    expect((await call(base, 'GET', `/api/content/admin/media/${photo.id}`, { token: editor })).body.alt).toEqual({ ru: 'Офис', en: 'Office' })
  })

  it('delete is refused while a catalog item mentions the image, then removes the row and every file', async () => {
    const data = {
      title: { ru: 'Статья с фото' },
      summary: { ru: `Картинка ${photo.url}` },
      body: {},
      tags: [],
      relatedDescriptionIds: [],
      seo: { slug: {}, title: {}, description: {} },
    }
    const item = await call(base, 'POST', '/api/content/admin/items', { token: editor, body: { kind: 'article', parentId: null, data } })
    expect(item.status, JSON.stringify(item.body)).toBe(201)
    const refused = await call(base, 'DELETE', `/api/content/admin/media/${photo.id}`, { token: editor })
    expect(refused.status).toBe(409)
    expect(refused.body.error.messageKey).toBe('errors.content.media_in_use')
    expect(refused.body.error.params.items).toEqual([{ id: item.body.id, title: 'Статья с фото' }])

    const forced = await call(base, 'DELETE', `/api/content/admin/media/${photo.id}?force=1`, { token: admin })
    expect(forced.status).toBe(200)
    expect(await bucketKeys(`media/${photo.id}/`)).toEqual([])
    expect((await fetch(base + photo.url)).status).toBe(404)
    expect((await call(base, 'GET', `/api/content/admin/media/${photo.id}`, { token: editor })).status).toBe(404)
    expect((await fetch(`${base}/media/${photo.id}/..%2F..%2Fetc.png`)).status).toBe(404)
  })
})
