import { z } from 'zod'

/**
 * One typed runtime config for the web server, the worker and the scripts.
 * Read from the environment once; a bad or missing variable fails start-up with
 * a message naming every problem at once, so a person fixes them in one pass.
 */
const bool = z
  .enum(['true', 'false', '1', '0', ''])
  .optional()
  .transform((v) => v === 'true' || v === '1')

const optionalString = z
  .string()
  .optional()
  .transform((v) => (v && v.trim() !== '' ? v.trim() : undefined))

export const ZConfigSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  REGION: z.enum(['kz', 'ru']).default('kz'),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  PUBLIC_URL: z.url().default('http://localhost:3000'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgresql:// URL')
    .default('postgresql://postgres@127.0.0.1:5432/dogovor24'),
  REDIS_URL: z.string().regex(/^rediss?:\/\//, 'must be a redis:// URL').default('redis://127.0.0.1:6379'),
  /** Prefix of every Redis key and BullMQ queue, so tests and instances can share one Redis. */
  REDIS_PREFIX: z.string().min(1).default('d24'),

  S3_ENDPOINT: z.url().default('http://127.0.0.1:9000'),
  S3_ACCESS_KEY: z.string().min(1).default('S3RVER'),
  S3_SECRET_KEY: z.string().min(1).default('S3RVER'),
  S3_REGION: z.string().min(1).default('us-east-1'),
  S3_BUCKET: z.string().min(3).default('dogovor24'),
  /** Largest upload accepted, in bytes (default 25 MiB). */
  UPLOAD_MAX_BYTES: z.coerce.number().int().positive().default(25 * 1024 * 1024),

  AUTH_SECRET: z.string().min(32, 'must be at least 32 characters').default('dev-only-secret-change-me-0123456789abcdef'),
  /** Behind a reverse proxy/ingress: take the client IP from X-Forwarded-For (rate limits per IP need it). */
  TRUST_PROXY: bool,

  PUSHER_APP_ID: z.string().min(1).default('dogovor24'),
  PUSHER_KEY: z.string().min(1).default('dogovor24-key'),
  PUSHER_SECRET: z.string().min(8).default('dogovor24-secret'),
  /** Where the official `pusher` client sends events: our embedded endpoint unless hosted Pusher/Soketi is configured. */
  PUSHER_HOST: optionalString,
  PUSHER_PORT: z.coerce.number().int().optional(),
  PUSHER_USE_TLS: bool,
  PUSHER_CLUSTER: optionalString,

  SMTP_URL: optionalString,
  MAIL_FROM: z.string().min(3).default('Dogovor24 <no-reply@dogovor24.kz>'),

  SENTRY_DSN: optionalString,
  GTM_ID: optionalString,
  YANDEX_METRICA_ID: optionalString,

  /** Port of the worker sidecar's own /ping (for its Kubernetes probes); 0 = off. */
  WORKER_HEALTH_PORT: z.coerce.number().int().min(0).max(65535).default(0),
  WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(256).default(16),
  /**
   * A relayed event still missing a listener's receipt this long after it was sent to
   * Redis is sent again (server/events/sweep.ts): Redis lost the job. Longer than a
   * listener's usual retries; the sweep also waits while that queue has older jobs.
   */
  EVENTS_REDELIVER_AFTER_MS: z.coerce.number().int().min(1000).max(86_400_000).default(300_000),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info'),
})

export type TConfig = z.infer<typeof ZConfigSchema>

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}\nSee .env.example for every variable.`)
    this.name = 'ConfigError'
  }
}

export function parseConfig(env: Record<string, string | undefined>): TConfig {
  const result = ZConfigSchema.safeParse(env)
  if (!result.success) {
    throw new ConfigError(result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`))
  }
  const cfg = result.data
  if (cfg.NODE_ENV === 'production' && cfg.AUTH_SECRET.startsWith('dev-only')) {
    throw new ConfigError(['AUTH_SECRET: must be set in production (the development default is public)'])
  }
  return cfg
}

let cached: TConfig | undefined

/** The process-wide config; parsed on first use and then reused (never per request). */
export function useConfig(): TConfig {
  cached ??= parseConfig(process.env)
  return cached
}

/** Tests that change the environment call this to re-read it. */
export function resetConfigForTests(): void {
  cached = undefined
}

/**
 * For process entry points (web server plugin, worker): parse the config now and, if
 * it is bad, print every problem and exit with EX_CONFIG instead of a stack trace.
 */
export function useConfigOrExit(): TConfig {
  try {
    return useConfig()
  } catch (e) {
    if (e instanceof ConfigError) {
      process.stderr.write(`${e.message}\n`)
      process.exit(78)
    }
    throw e
  }
}
