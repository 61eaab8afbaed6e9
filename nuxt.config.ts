import { cpSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { clientRenderedRouteRules } from './shared/locales'

// Root Nuxt config. The region layer (layers/kz or layers/ru) is chosen by REGION
// at build and dev start; product layers are always on. See docs/architecture.md.
import { prismaWasmFile } from './scripts/lib/prisma-wasm-file'
import { copyModuleSyncFiles } from './scripts/lib/module-sync-files'
import { staticIconsModule } from './scripts/lib/static-icons'

const region = process.env.REGION === 'ru' ? 'ru' : 'kz'

export default defineNuxtConfig({
  compatibilityDate: '2025-07-15',
  telemetry: false,
  // npm test builds the ru region in .nuxt-ru beside the type check, which regenerates .nuxt.
  ...(process.env.D24_BUILD_DIR ? { buildDir: process.env.D24_BUILD_DIR } : {}),
  devtools: { enabled: false },
  extends: [`./layers/${region}`, './layers/constructor', './layers/chat', './layers/amicus'],
  // staticIconsModule: the icons' CSS in the built stylesheet, not computed per server render (issue 9, server speed).
  modules: ['@nuxt/ui', '@pinia/nuxt', '@nuxtjs/i18n', '@sidebase/nuxt-auth', staticIconsModule],
  // Sign-in state through nuxt-auth's local provider over our /api/auth routes
  // (server/domains/auth/README.md). Refresh tokens are rotated by our own plugin
  // (plugins/auth-refresh.ts) only when the access token is about to expire: the
  // module's built-in refresh rotates on every server render, and two tabs loading
  // at once would then trip refresh-token reuse detection and sign the user out.
  auth: {
    baseURL: '/api/auth',
    originEnvKey: 'AUTH_ORIGIN',
    globalAppMiddleware: false,
    sessionRefresh: { enablePeriodically: false, enableOnWindowFocus: false },
    provider: {
      type: 'local',
      pages: { login: '/auth/login' },
      endpoints: {
        signIn: { path: '/login', method: 'post' },
        signOut: { path: '/logout', method: 'post' },
        signUp: { path: '/register', method: 'post' },
        getSession: { path: '/user', method: 'get' },
      },
      token: { signInResponseTokenPointer: '/accessToken', maxAgeInSeconds: 15 * 60, sameSiteAttribute: 'lax' },
      session: {
        dataResponsePointer: '/',
        // GET /api/auth/user answers TPublicUser (server/domains/auth/public-user.ts).
        dataType: {
          id: 'string',
          email: 'string | null',
          phone: 'string | null',
          name: 'string | null',
          status: "'pending' | 'active' | 'blocked'",
          roles: 'string[]',
          iin: 'string | null',
          inn: 'string | null',
          locale: 'string',
          createdAt: 'string',
          activatedAt: 'string | null',
        },
      },
      refresh: { isEnabled: false },
    },
  },
  app: {
    head: {
      // zod 4 probes `new Function` when a module first builds an object schema, to
      // decide whether to compile fast parsers; our Content-Security-Policy (no
      // 'unsafe-eval') reports that probe as a violation even though zod catches it.
      // Its global config must say jitless before any bundle runs: this inline script
      // (with the page's CSP nonce) runs before the deferred module scripts.
      script: [{ innerHTML: 'globalThis.__zod_globalConfig=Object.assign(globalThis.__zod_globalConfig||{},{jitless:true})', tagPosition: 'head' }],
    },
  },
  css: ['~/assets/css/main.css'],
  ui: { fonts: false },
  icon: {
    provider: 'server',
    serverBundle: { collections: ['lucide'] },
    clientBundle: { scan: true },
    fallbackToApi: false,
  },
  // --- Language in the URL (issue 9, "Findable") ---------------------------------
  // `/` is Russian, `/kk/…` Kazakh, `/en/…` English (the ru region has no /kk/): each
  // language's page has its own URL to crawl, link and cache. The language is read
  // from the URL only: no `lang` cookie, no Accept-Language redirect, not even on `/`,
  // so a crawler (no cookies) and a cache keyed by path always get the URL's own
  // language and nothing has to Vary by language. Locales: shared/locales.ts.
  i18n: {
    restructureDir: '.',
    langDir: 'locales',
    strategy: 'prefix_except_default',
    detectBrowserLanguage: false,
  },
  // --- end language in the URL -----------------------------------------------------
  runtimeConfig: {
    public: {
      region,
      // The public origin for canonical/hreflang/og:url: PUBLIC_URL, copied at start by
      // server/plugins/site-url.ts (never the request's Host header).
      siteUrl: '',
      gtmId: '',
      yandexMetricaId: '',
      sentryDsn: '',
      ncaLayerUrl: '', // NCALayer's WebSocket (NUXT_PUBLIC_NCA_LAYER_URL); empty = wss://127.0.0.1:13579
      // Filled at start from PUSHER_* by server/plugins/realtime.ts; empty host and
      // cluster mean the endpoint embedded in this server (the page's own origin).
      pusher: { key: 'dogovor24-key', cluster: '', host: '', port: 0, tls: false },
    },
  },
  // --- speed (issue 9: phone and server speed) ---------------------------------------
  // CSS as a cacheable file instead of 128 KB inlined into every page (it also cost each
  // server render a join of that string).
  features: { inlineStyles: false },
  // A link loads the code of the page it leads to when a person points at it, touches it or
  // tabs to it, not when it scrolls into view: the header and footer alone made every page
  // load and run the code of ~20 others (23 extra requests per page, measured in Chromium),
  // data and CPU a phone spends on pages the person never opens.
  experimental: { defaults: { nuxtLink: { prefetchOn: { visibility: false, interaction: true } } } },
  // A person's own pages (profile, workspaces, admin, welcome; every language) render in
  // the browser: no crawler gets past the sign-in, so a server render of them is CPU
  // spent for nobody (shared/locales.ts SIGNED_IN_PREFIXES). The server still sends a
  // visitor without a session to sign in (server/middleware/sign-in.ts).
  routeRules: clientRenderedRouteRules(),
  // What a browser without JavaScript shows on those pages (the shell is empty without scripts).
  spaLoadingTemplate: 'assets/spa-loading-template.html',
  hooks: {
    // No <link rel="prefetch"> for every lazily imported chunk (zod, pusher-js, other
    // pages): on a phone they cost bandwidth the page itself needed; a chunk loads when used.
    'build:manifest': (manifest) => {
      for (const chunk of Object.values(manifest)) chunk.dynamicImports = []
    },
    // geoip-country (the sessions list's places) reads its country tables from ../data
    // beside its code, a path Nitro's file tracing does not follow: copy them next to
    // the traced package in the build.
    'nitro:init': (nitro) => {
      if (nitro.options.dev) return
      nitro.hooks.hook('compiled', () => {
        const pkg = dirname(createRequire(import.meta.url).resolve('geoip-country/package.json'))
        const to = join(nitro.options.output.serverDir, 'node_modules/geoip-country/data')
        cpSync(join(pkg, 'data'), to, { recursive: true, filter: (f) => !f.endsWith('.sha256') })
        // The files of the `module-sync` export condition tracing leaves out (scripts/lib/module-sync-files.ts).
        copyModuleSyncFiles(join(nitro.options.output.serverDir, 'node_modules'), join(dirname(fileURLToPath(import.meta.url)), 'node_modules'))
      })
    },
  },
  // --- end speed ----------------------------------------------------------------------
  // The build prints no gzip size of each of its ~600 chunks: computing them cost the build time.
  vite: { build: { reportCompressedSize: false } },
  // The web server runs without --enable-source-maps (deploy/): its source maps were unused, and 11 s of each build.
  sourcemap: { server: false, client: false },
  nitro: {
    // (a nitropack option the Nitro config type @nuxt/schema resolves here lacks, like those below)
    ...({ logging: { compressedSizes: false } } as object),
    // --- speed: /_nuxt files and public assets pre-compressed at build (.br, .gz) ---
    // (a nitropack option the Nitro config type @nuxt/schema resolves here lacks, like websocket below)
    ...({ compressPublicAssets: { gzip: true, brotli: true } } as object),
    // --- end speed ---
    // The websocket flag works in nitropack 2.13 (the realtime e2e runs on it) but is
    // missing from the Nitro config type @nuxt/schema resolves here.
    experimental: { websocket: true } as { envExpansion?: boolean },
    // Prisma's query compiler as a .wasm file, not a 4.4 MB base64 string the process keeps (scripts/lib/prisma-wasm-file.ts).
    rollupConfig: { plugins: [prismaWasmFile()] },
    // scripts/lib/env.mjs builds each region into its own folder (.output, .output-ru).
    ...(process.env.D24_OUTPUT_DIR ? { output: { dir: process.env.D24_OUTPUT_DIR } } : {}),
  },
  // The ru build's own .nuxt-ru (npm test) holds a second copy of the generated types.
  typescript: { strict: true, tsConfig: { exclude: ['../.nuxt-*', '../.output-*'] } },
})
