import { z } from 'zod'
import { parseClamdUrl } from './antivirus/address'

/**
 * One typed runtime config for the web server, the worker and the scripts.
 * Read from the environment once; a bad or missing variable fails start-up with
 * a message naming every problem at once, so a person fixes them in one pass.
 */
const bool = z
  .enum(['true', 'false', '1', '0', ''])
  .optional()
  .transform((v) => v === 'true' || v === '1')

/** Unset or empty: undefined (so a default elsewhere applies); otherwise the boolean. */
const optionalBool = z
  .enum(['true', 'false', '1', '0', ''])
  .optional()
  .transform((v) => (v === undefined || v === '' ? undefined : v === 'true' || v === '1'))

const optionalString = z
  .string()
  .optional()
  .transform((v) => (v && v.trim() !== '' ? v.trim() : undefined))

const optionalPort = z.preprocess((v) => (v === '' ? undefined : v), z.coerce.number().int().min(1).max(65535).optional())

const optionalUrl = z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), z.url().optional())

/** An empty secret (a copied .env.example) is an unset one: the development default, refused in production. */
const secret = (min: number, dflt: string) =>
  z.preprocess((v) => (v === '' ? undefined : v), z.string().min(min, `must be at least ${min} characters`).default(dflt))

/** Development defaults of secrets: public (they are in this file), so refused in production. */
const DEV_AUTH_SECRET = 'dev-only-secret-change-me-0123456789abcdef'
const DEV_PUSHER_SECRET = 'dev-only-pusher-secret'
const DEV_HISTORY_CHECKPOINT_SECRET = 'dev-only-history-checkpoint-secret-0123456789'
/** Realtime secrets that were ever published with the code (the old .env.example value). */
const PUBLIC_PUSHER_SECRETS = new Set([DEV_PUSHER_SECRET, 'dogovor24-secret'])

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
  /**
   * Largest request body an API route reads, in bytes (default 1 MiB); above it 413,
   * before the body is read. A route taking uploads sets its own `bodyLimit`.
   */
  BODY_LIMIT_BYTES: z.coerce.number().int().min(1024).default(1024 * 1024),

  AUTH_SECRET: secret(32, DEV_AUTH_SECRET),
  /** Registrations one IP may attempt per 15 minutes (tests raise it: they register many users from 127.0.0.1). */
  REGISTER_IP_LIMIT: z.coerce.number().int().min(1).max(1_000_000).default(5),
  /** Behind a reverse proxy/ingress: take the client IP from X-Forwarded-For (rate limits per IP need it). */
  TRUST_PROXY: bool,
  /**
   * Browser origins (scheme://host[:port], comma-separated) allowed to call /api from
   * another site, with credentials. Empty: no CORS headers at all (same-origin only).
   */
  CORS_ORIGINS: z
    .string()
    .optional()
    .transform((v) => (v ?? '').split(',').map((o) => o.trim().replace(/\/+$/, '')).filter(Boolean))
    .pipe(z.array(z.url({ protocol: /^https?$/ }))),

  PUSHER_APP_ID: z.string().min(1).default('dogovor24'),
  PUSHER_KEY: z.string().min(1).default('dogovor24-key'),
  /** Signs channel subscriptions, user sign-ins and every events API call: anyone holding it can push to anyone. */
  PUSHER_SECRET: secret(8, DEV_PUSHER_SECRET),
  /** Where the official `pusher` client sends events: our embedded endpoint unless hosted Pusher/Soketi is configured. */
  PUSHER_HOST: optionalString,
  PUSHER_PORT: optionalPort,
  PUSHER_USE_TLS: bool,
  PUSHER_CLUSTER: optionalString,
  /** Where browsers connect when it differs from PUSHER_HOST/PORT/USE_TLS (Soketi behind a public hostname). */
  PUSHER_WS_HOST: optionalString,
  PUSHER_WS_PORT: optionalPort,
  PUSHER_WS_TLS: optionalBool,

  /** The embedded endpoint: relay `client-*` events between browsers (Pusher and Soketi default to off). */
  REALTIME_CLIENT_EVENTS: bool,
  /** The embedded endpoint posts Pusher webhooks (occupied/vacated, members, client events) here, signed with PUSHER_SECRET. */
  REALTIME_WEBHOOK_URL: optionalUrl,
  /** Largest websocket frame a client may send; a bigger one closes the socket (1009). */
  REALTIME_MAX_MESSAGE_BYTES: z.coerce.number().int().min(4096).max(1024 * 1024).default(64 * 1024),
  /** Channels one socket may be subscribed to at once. */
  REALTIME_MAX_SUBSCRIPTIONS: z.coerce.number().int().min(1).max(10_000).default(100),
  /** Sockets one client IP may hold on one web process (behind a proxy set TRUST_PROXY, or all share its IP). */
  REALTIME_MAX_CONNECTIONS_PER_IP: z.coerce.number().int().min(1).max(100_000).default(200),

  /**
   * Signs the audit log's checkpoints (server/domains/history/checkpoint.ts). Whoever holds
   * it and can write the database can forge a checkpoint; keep it out of the database's reach.
   */
  HISTORY_CHECKPOINT_SECRET: secret(32, DEV_HISTORY_CHECKPOINT_SECRET),

  SMTP_URL: optionalString,
  MAIL_FROM: z.string().min(3).default('Dogovor24 <no-reply@dogovor24.kz>'),

  /**
   * Halyk Bank Epay card payments (kz; server/integrations/epay). Live only when the client
   * id, secret and terminal are all set, otherwise the sandbox takes payments; the URLs
   * default to Epay's test servers, so production names its own on purpose.
   */
  EPAY_OAUTH_URL: optionalUrl,
  EPAY_API_URL: optionalUrl,
  EPAY_CLIENT_ID: optionalString,
  EPAY_CLIENT_SECRET: optionalString,
  /** The terminal's UUID, from the merchant's Epay cabinet. */
  EPAY_TERMINAL_ID: optionalString,
  /** Scope of the token for status, refund and cancel (which scopes the API needs is unconfirmed). */
  EPAY_SERVICE_SCOPE: optionalString,
  /** Epay's payment-page script (`halyk.pay`); unconfirmed URL, so configurable (default: Epay's test page script). */
  EPAY_SCRIPT_URL: optionalUrl,
  /**
   * NCANode v3 (server/integrations/ncanode), which verifies GOST signatures of Kazakh NCA keys
   * with OCSP and CRL. Empty: not configured, and a GOST signature cannot be verified.
   */
  NCANODE_URL: optionalUrl,
  /** Per NCANode request: it fetches OCSP answers and CRLs while we wait, so this is generous. */
  NCANODE_TIMEOUT_MS: z.preprocess((v) => (v === '' ? undefined : v), z.coerce.number().int().min(1000).max(300_000).default(30_000)),
  /** Welcome bonus put on a person's balance when their account is activated, in minor units of the region's currency (0: none). */
  BILLING_WELCOME_BONUS_MINOR: z.preprocess((v) => (v === '' ? undefined : v), z.coerce.number().int().min(0).max(100_000_000).default(50_000)),
  /** Hours an unpaid order (created, or failed and not paid again) stays payable before it expires; its promo code is released. */
  BILLING_ORDER_TTL_HOURS: z.preprocess((v) => (v === '' ? undefined : v), z.coerce.number().int().min(1).max(24 * 365).default(72)),
  /** Largest file a person may upload to the file cabinet (explorer), bytes. */
  EXPLORER_MAX_FILE_BYTES: z.preprocess((v) => (v === '' ? undefined : v), z.coerce.number().int().min(1024).max(5 * 1024 ** 3).default(50 * 1024 * 1024)),
  /** Bytes a workspace's files (every version, the trash included) may take in all. */
  EXPLORER_WORKSPACE_QUOTA_BYTES: z.preprocess((v) => (v === '' ? undefined : v), z.coerce.number().int().min(1024).default(1024 ** 3)),
  /** Days a file or folder stays in the trash before it is purged with its bytes. */
  EXPLORER_TRASH_DAYS: z.preprocess((v) => (v === '' ? undefined : v), z.coerce.number().int().min(1).max(3650).default(30)),
  /** Invited parties who have not signed get a reminder this many hours after the invitation and after each reminder; 0: none. */
  SIGNING_REMIND_HOURS: z.preprocess((v) => (v === '' ? undefined : v), z.coerce.number().int().min(0).max(24 * 30).default(48)),
  /**
   * Signing with eGov mobile by QR through a SIGEX-style service (`https://sigex.kz`): its base URL.
   * Empty: the sandbox (EGOV_QR_SANDBOX_CA) when set, otherwise QR signing is off.
   */
  EGOV_QR_URL: optionalString,
  /**
   * ESEDO (the government's document exchange) through the SyncChannel gateway: its SOAP
   * endpoint, our participant id and password. Empty URL: the sandbox answers (nothing leaves).
   */
  ESEDO_URL: optionalString,
  ESEDO_SENDER_ID: optionalString,
  ESEDO_PASSWORD: optionalString,
  /**
   * The sandbox eGov (a page of this server plays the phone): a PEM file with a CA certificate and
   * its PKCS#8 private key; the sandbox phone signs with certificates it issues from it. Only the
   * certificates PKI_TRUSTED_CERTS trusts verify, so a real deployment never trusts this CA.
   */
  EGOV_QR_SANDBOX_CA: optionalString,
  /** Minutes a person has to sign on the phone after scanning the QR. */
  EGOV_QR_SIGN_MINUTES: z.preprocess((v) => (v === '' ? undefined : v), z.coerce.number().int().min(1).max(60).default(10)),
  /** How long one held request to the provider may wait before the worker asks again, ms. */
  EGOV_QR_POLL_MS: z.preprocess((v) => (v === '' ? undefined : v), z.coerce.number().int().min(1000).max(300_000).default(60_000)),
  /** Jobs that wait on a person elsewhere (eGov QR long-polls) held at once by one worker. */
  WORKER_WAIT_CONCURRENCY: z.preprocess((v) => (v === '' ? undefined : v), z.coerce.number().int().min(1).max(1000).default(64)),
  /** Bonus on a new company workspace's balance, in minor units (0: none). */
  BILLING_WORKSPACE_BONUS_MINOR: z.preprocess((v) => (v === '' ? undefined : v), z.coerce.number().int().min(0).max(100_000_000).default(0)),
  /**
   * The seller printed on receipts (server/domains/billing/receipt.ts): legal name, BIN (kz) or
   * INN (ru), legal address. The defaults are an obvious demo; production sets its own.
   */
  BILLING_SELLER_NAME: z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), z.string().trim().max(300).default('ТОО «Dogovor24» (демо)')),
  BILLING_SELLER_TAX_ID: z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), z.string().trim().regex(/^\d{10,12}$/, 'must be 10–12 digits (a BIN or an INN)').default('000000000000')),
  /** Our bank details printed on a company's invoice (bank name, account IIK/IBAN, BIK, KBe or the Russian equivalents). */
  BILLING_SELLER_BANK: z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), z.string().trim().max(500).default('АО «Народный Банк Казахстана» (демо), ИИК KZ000000000000000000, БИК HSBKKZKX, КБе 17')),
  BILLING_SELLER_ADDRESS: z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), z.string().trim().max(500).default('Казахстан, г. Алматы (демо-адрес)')),

  /**
   * A PEM bundle (file path) of the certificates qualified electronic signatures may chain to, on
   * top of the NCA certificates shipped in server/lib/pki/nca-roots.ts: NCA's roots go here. Read
   * when a signature is verified; a changed file is read again.
   */
  PKI_TRUSTED_CERTS: optionalString,

  /** Server-side error reporting (web and worker) to Sentry; off when empty. */
  SENTRY_DSN: optionalString,
  /** Sentry's `environment` of each event; defaults to NODE_ENV. */
  SENTRY_ENVIRONMENT: optionalString,
  /** Sentry's `release`; the image sets it to the tag it was built with. */
  SENTRY_RELEASE: optionalString,
  /**
   * Bearer token that GET /metrics (web) and the worker's /metrics require. Unset:
   * /metrics answers 404 in production and is open elsewhere (development, tests).
   */
  METRICS_TOKEN: optionalString.refine((v) => v === undefined || v.length >= 16, 'must be at least 16 characters'),
  GTM_ID: optionalString,
  YANDEX_METRICA_ID: optionalString,

  /**
   * On SIGTERM the web process answers /ping 503 and closes its websockets (Pusher 4200,
   * reconnect) for this long while still serving, so a balancer that polls /ping stops
   * sending; then it stops listening, finishes in-flight requests and exits
   * (server/plugins/shutdown.ts). Kubernetes' preStop sleep already covers endpoint removal.
   */
  SHUTDOWN_DRAIN_MS: z.coerce.number().int().min(0).max(60_000).default(2000),
  /** Port of the worker sidecar's own /ping (for its Kubernetes probes); 0 = off. */
  WORKER_HEALTH_PORT: z.coerce.number().int().min(0).max(65535).default(0),
  WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(256).default(16),
  /**
   * A relayed event still missing a listener's receipt this long after it was sent to
   * Redis is sent again (server/events/sweep.ts): Redis lost the job. Longer than a
   * listener's usual retries; the sweep also waits while that queue has older jobs.
   */
  EVENTS_REDELIVER_AFTER_MS: z.coerce.number().int().min(1000).max(86_400_000).default(300_000),
  /**
   * Seconds a cached public page (home, catalog: server/lib/page-cache.ts) stays fresh for
   * anonymous visitors; then it is served stale once while a new render replaces it.
   * 0 turns the page cache off. Publishing content invalidates it sooner.
   */
  PAGE_CACHE_TTL_SECONDS: z.coerce.number().int().min(0).max(86_400).default(300),
  /**
   * The worker's internal conversion route (POST /unoconv/pdf, the seed's converter on :6789):
   * warm LibreOffice instances kept running in the worker (server/lib/office). 0 = no route
   * and no instances started at boot (a job that converts starts them on first use).
   */
  CONVERTER_PORT: z.coerce.number().int().min(0).max(65535).default(0),
  /** Address the conversion route listens on: loopback unless other pods must reach it. */
  CONVERTER_HOST: z.string().min(1).default('127.0.0.1'),
  /** Bearer token the conversion route requires; must be set in production when the route is on. */
  CONVERTER_TOKEN: optionalString.refine((v) => v === undefined || v.length >= 16, 'must be at least 16 characters'),
  /** Warm LibreOffice instances (each ~85 MB idle, one document at a time). */
  CONVERTER_INSTANCES: z.coerce.number().int().min(1).max(8).default(1),
  /** A conversion taking longer means LibreOffice hangs: it is killed and restarted, the conversion fails. */
  CONVERTER_TIMEOUT_MS: z.coerce.number().int().min(1000).max(600_000).default(30_000),
  /** Largest document the conversion route takes, in bytes. */
  CONVERTER_MAX_BYTES: z.coerce.number().int().min(1024).default(25 * 1024 * 1024),
  /**
   * clamd that scans uploaded files (server/lib/antivirus): tcp://host:port or unix:///path.
   * The default is the project's own clamd, which `npm test` and `npm run up` start
   * (scripts/lib/clamd.mjs); production points at the clamav Service (deploy/README.md).
   */
  CLAMD_URL: z.preprocess(
    (v) => (typeof v === 'string' && v.trim() === '' ? undefined : v),
    z
      .string()
      .trim()
      .refine((v) => {
        try {
          parseClamdUrl(v)
          return true
        } catch {
          return false
        }
      }, 'must be tcp://host:port or unix:///path/to/clamd.sock')
      .default('tcp://127.0.0.1:3311'),
  ),
  /**
   * A scan (connect, send, verdict) taking longer fails as unavailable. Below clamd's
   * ReadTimeout (120 s), so clamd never hangs up on a slow stream first.
   */
  CLAMD_TIMEOUT_MS: z.preprocess((v) => (v === '' ? undefined : v), z.coerce.number().int().min(100).max(110_000).default(60_000)),
  /**
   * Largest file sent to clamd; a larger one fails as too large for the scanner without
   * being sent. At most clamd's StreamMaxLength (100M: ours and the clamav image's default).
   */
  CLAMD_STREAM_MAX_BYTES: z.preprocess((v) => (v === '' ? undefined : v), z.coerce.number().int().min(1024).max(4 * 1024 ** 3 - 1).default(100 * 1024 * 1024)),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info'),
  /** Strict-Transport-Security max-age, sent over TLS and in production; 0 = never. */
  HSTS_MAX_AGE: z.coerce.number().int().min(0).default(31_536_000),
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
  if (cfg.NODE_ENV === 'production') {
    const problems: string[] = []
    if (cfg.AUTH_SECRET.startsWith('dev-only')) problems.push('AUTH_SECRET: must be set in production (the development default is public)')
    if (PUBLIC_PUSHER_SECRETS.has(cfg.PUSHER_SECRET)) {
      problems.push('PUSHER_SECRET: must be set in production (this value is public: anyone could sign channels and push events with it)')
    }
    if (cfg.HISTORY_CHECKPOINT_SECRET === DEV_HISTORY_CHECKPOINT_SECRET) {
      problems.push('HISTORY_CHECKPOINT_SECRET: must be set in production (the development default is public: anyone could forge audit checkpoints)')
    }
    if (cfg.CONVERTER_PORT > 0 && !cfg.CONVERTER_TOKEN) {
      problems.push('CONVERTER_TOKEN: must be set in production when CONVERTER_PORT is on (anyone reaching the port could make LibreOffice open files)')
    }
    if (problems.length) throw new ConfigError(problems)
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
