import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { expect } from 'vitest'
import { startS3Server, type TS3Server } from '../../scripts/lib/s3-server'
import { resetConfigForTests } from '../../server/lib/config'
import { closeDb } from '../../server/lib/db'
import { closeRedis } from '../../server/lib/redis'
import { ensureBucket } from '../../server/lib/storage'
import { call } from './auth'
import { createTestDatabase, testRedisPrefix } from './db'
import { listenApiApp, type TRunningApp } from './h3-app'
import { runOutboxEvents } from './outbox-events'

export interface TCabinetEnv {
  app: TRunningApp
  base: string
  s3: TS3Server
  /** A scratch folder of the test's own (removed on close). */
  dir: string
  close(): Promise<void>
}

/**
 * What the file cabinet's integration tests run against: their own database and Redis
 * prefix, a local S3 server, the routes of `dirs`, and (with `trustedPem`) the
 * certificates the server trusts for signatures. `env` adds settings, taken away on close.
 */
export async function startCabinetEnv(label: string, dirs: string[], opts: { env?: Record<string, string>; trustedPem?: string } = {}): Promise<TCabinetEnv> {
  const db = await createTestDatabase(label)
  const dir = mkdtempSync(path.join(tmpdir(), `d24-${label}-`))
  const s3 = await startS3Server({ port: 0, dir: path.join(dir, 's3') })
  const extra: Record<string, string> = { ...opts.env }
  if (opts.trustedPem) {
    const bundle = path.join(dir, 'trusted.pem')
    writeFileSync(bundle, opts.trustedPem)
    extra.PKI_TRUSTED_CERTS = bundle
  }
  Object.assign(process.env, {
    DATABASE_URL: db.url,
    REDIS_PREFIX: testRedisPrefix(label),
    REGION: 'kz',
    TRUST_PROXY: '1',
    REGISTER_IP_LIMIT: '1000',
    NODE_ENV: 'test',
    LOG_LEVEL: 'error',
    S3_ENDPOINT: s3.endpoint,
    S3_BUCKET: label.replace(/[^a-z0-9]/g, ''),
    S3_ACCESS_KEY: 'S3RVER',
    S3_SECRET_KEY: 'S3RVER',
    ...extra,
  })
  resetConfigForTests()
  await ensureBucket()
  const app = await listenApiApp(dirs)
  return {
    app,
    base: app.url,
    s3,
    dir,
    async close() {
      for (const k of Object.keys(extra)) delete process.env[k]
      await app.close()
      await s3.stop()
      await closeRedis()
      await closeDb()
      await db.drop()
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

/** A file uploaded to the workspace through the presigned PUT, confirmed, and (unless `scan: false`) scanned by the real listener; answers its id. */
export async function uploadFile(base: string, token: string, workspaceId: string, name: string, bytes: Buffer, opts: { scan?: boolean } = {}): Promise<string> {
  const ticket = await call(base, 'POST', '/api/explorer/uploads', { token, body: { workspaceId, name, size: bytes.length } })
  expect(ticket.status, JSON.stringify(ticket.body)).toBe(201)
  expect((await fetch(ticket.body.upload.url, { method: 'PUT', headers: ticket.body.upload.headers, body: new Uint8Array(bytes) })).status).toBe(200)
  expect((await call(base, 'POST', `/api/explorer/files/${ticket.body.file.id}/confirm`, { token })).status).toBe(200)
  if (opts.scan !== false) await runOutboxEvents('explorer', 'FileUploaded', 'fileId', ticket.body.file.id)
  return ticket.body.file.id
}
