import { mkdirSync } from 'node:fs'
import path from 'node:path'
import S3rver from 's3rver'

/**
 * A local S3-compatible server (s3rver) for development and tests: files live on
 * disk under `dir`, the buckets given exist from the start. Speaks path-style
 * requests, which is how server/lib/storage.ts configures the minio client.
 */
export interface TS3ServerOptions {
  /** 0 picks a free port. */
  port: number
  dir: string
  address?: string
  buckets?: string[]
  /** CORS for the browser's presigned PUT from the dev page; s3rver answers no CORS otherwise. */
  allowOrigins?: string[]
}

export interface TS3Server {
  endpoint: string
  port: number
  stop: () => Promise<void>
}

function corsXml(origins: string[]): string {
  const rules = origins.map((o) => `<AllowedOrigin>${o}</AllowedOrigin>`).join('')
  return (
    '<CORSConfiguration><CORSRule>' +
    rules +
    '<AllowedMethod>GET</AllowedMethod><AllowedMethod>PUT</AllowedMethod><AllowedMethod>HEAD</AllowedMethod>' +
    '<AllowedHeader>*</AllowedHeader><ExposeHeader>ETag</ExposeHeader><MaxAgeSeconds>3000</MaxAgeSeconds>' +
    '</CORSRule></CORSConfiguration>'
  )
}

export async function startS3Server(opts: TS3ServerOptions): Promise<TS3Server> {
  const dir = path.resolve(opts.dir)
  mkdirSync(dir, { recursive: true })
  const address = opts.address ?? '127.0.0.1'
  const configs = opts.allowOrigins?.length ? [corsXml(opts.allowOrigins)] : []
  const server = new S3rver({
    address,
    port: opts.port,
    directory: dir,
    silent: true,
    // Path-style only: with vhost on, a Host header like "bucket.localhost" would be read as a bucket.
    vhostBuckets: false,
    configureBuckets: (opts.buckets ?? []).map((name) => ({ name, configs })),
  })
  const info = await server.run()
  let stopped = false
  return {
    endpoint: `http://${address}:${info.port}`,
    port: info.port,
    stop: async () => {
      if (stopped) return
      stopped = true
      const closing = server.close()
      // Keep-alive sockets (minio's agent, fetch) would hold close() open until they idle out.
      server.httpServer?.closeAllConnections()
      await closing
    },
  }
}
