import { defineNitroPlugin, useRuntimeConfig } from 'nitropack/runtime'

/**
 * Each page render asks for the runtime config of its request (Nuxt's renderer calls
 * useRuntimeConfig(event)), and Nitro builds it anew every time: a deep copy of the
 * config plus a walk over every key that looks up NITRO_… and NUXT_… variables in
 * process.env. In a profile of uncached renders that was ~3.5% of the CPU.
 * The environment does not change once the plugins have run (site-url.ts and
 * realtime.ts set the last NUXT_PUBLIC_* variables at start), so the config with the
 * environment applied is built once, at the first page request, and every later page
 * request gets its own copy of that: still one object per request, as Nitro gives,
 * without the environment walk.
 */
let template: Record<string, unknown> | undefined

export default defineNitroPlugin((nitroApp) => {
  if (import.meta.dev) return
  nitroApp.hooks.hook('request', (event) => {
    // API routes and files read the shared config (useConfig(), no event): no copy for them.
    if (event.path.startsWith('/api/') || event.path.startsWith('/_nuxt/')) return
    const nitro = event.context.nitro as { runtimeConfig?: Record<string, unknown> } | undefined
    if (!nitro || nitro.runtimeConfig) return
    if (!template) {
      template = structuredClone(useRuntimeConfig(event) as Record<string, unknown>)
      return
    }
    nitro.runtimeConfig = structuredClone(template)
  })
})
