// Root Nuxt config. The region layer (layers/kz or layers/ru) is chosen by REGION
// at build and dev start; product layers are always on. See docs/architecture.md.
const region = process.env.REGION === 'ru' ? 'ru' : 'kz'

export default defineNuxtConfig({
  compatibilityDate: '2025-07-15',
  telemetry: false,
  devtools: { enabled: false },
  extends: [`./layers/${region}`, './layers/constructor', './layers/chat', './layers/amicus'],
  modules: ['@nuxt/ui', '@pinia/nuxt', '@nuxtjs/i18n'],
  css: ['~/assets/css/main.css'],
  ui: { fonts: false },
  icon: {
    provider: 'server',
    serverBundle: { collections: ['lucide'] },
    clientBundle: { scan: true },
    fallbackToApi: false,
  },
  i18n: {
    restructureDir: '.',
    langDir: 'locales',
    strategy: 'no_prefix',
    detectBrowserLanguage: { useCookie: true, cookieKey: 'lang', redirectOn: 'root' },
  },
  runtimeConfig: {
    public: {
      region,
      gtmId: '',
      yandexMetricaId: '',
      sentryDsn: '',
      pusherKey: 'dogovor24-key',
    },
  },
  nitro: {
    experimental: { websocket: true },
    // scripts/lib/env.mjs builds each region into its own folder (.output, .output-ru).
    ...(process.env.D24_OUTPUT_DIR ? { output: { dir: process.env.D24_OUTPUT_DIR } } : {}),
  },
  typescript: { strict: true },
})
