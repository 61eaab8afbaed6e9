import type { NuxtConfig } from 'nuxt/schema'

/**
 * Nuxt auto-registers every folder in layers/ as a layer, so both region layers are
 * always loaded, whatever `extends` in the root config says: their appConfig and
 * locale sets would be merged into one app. Each region layer therefore wraps its
 * config with this, and only the region named by REGION contributes anything.
 *
 * Consequence: folders that Nuxt scans (pages/, components/, composables/, server/)
 * must NOT be created inside a region layer, because both builds would pick them up.
 * Region-only UI goes into `layers/<code>/region/` and is registered from the active
 * config (e.g. `components: [{ path: '<layer>/region/components' }]`).
 */
export const activeRegion = (): 'kz' | 'ru' => (process.env.REGION === 'ru' ? 'ru' : 'kz')

export function regionLayer(code: 'kz' | 'ru', config: NuxtConfig): NuxtConfig {
  return activeRegion() === code ? config : {}
}
