import { defineNitroPlugin } from 'nitropack/runtime'
import { useConfig } from '../lib/config'

// Pages build absolute links (canonical, hreflang, og:url) from the public runtime
// config; Nuxt reads NUXT_PUBLIC_* from the environment per request, so the origin
// follows PUBLIC_URL (validated by server/lib/config.ts) rather than a Host header
// anyone can send.
export default defineNitroPlugin(() => {
  process.env.NUXT_PUBLIC_SITE_URL = useConfig().PUBLIC_URL
})
