import path from 'node:path'
import { useConfig } from '../server/lib/config'
import { startS3Server } from './lib/s3-server'

/**
 * `npm run s3`: the local S3 server for development, on S3_ENDPOINT's port with
 * data under .data/s3, bucket S3_BUCKET created at start. Ctrl-C stops it.
 */
const cfg = useConfig()
const url = new URL(cfg.S3_ENDPOINT)
const port = Number(url.port || (url.protocol === 'https:' ? 443 : 80))
const dir = path.resolve(import.meta.dirname, '../.data/s3')

const s3 = await startS3Server({
  port,
  dir,
  address: url.hostname === 'localhost' ? '127.0.0.1' : url.hostname,
  buckets: [cfg.S3_BUCKET],
  allowOrigins: [new URL(cfg.PUBLIC_URL).origin],
})
console.log(`S3 (s3rver) listening on ${s3.endpoint}, bucket "${cfg.S3_BUCKET}", data in ${path.relative(process.cwd(), dir)}`)

for (const sig of ['SIGINT', 'SIGTERM'] as const) {
  process.once(sig, () => {
    void s3.stop().then(() => process.exit(0))
  })
}
