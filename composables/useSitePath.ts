import type { RouteLocationRaw } from 'vue-router'
import { localizedPath, unlocalizedPath } from '#shared/locales'

/**
 * `useLocalePath()` for this site's URL scheme (shared/locales.ts: the default language
 * unprefixed, the others under `/<code>`). A plain path ('/catalog', '/documents/x?y=1')
 * is prefixed as a string; i18n's own localePath resolves it through the router first,
 * and the header, footer and lists call it for every link of every server render (about
 * 5% of a page's CPU). Route objects and other forms still go through i18n's.
 */
export function useSitePath() {
  const i18n = useNuxtApp().$i18n
  const i18nPath = useLocalePath()
  return (to: RouteLocationRaw, locale?: string): string =>
    typeof to === 'string' && to.startsWith('/') && !to.startsWith('//') ? localizedPath(to, locale ?? i18n.locale.value) : i18nPath(to, locale as never)
}

/**
 * `useSwitchLocalePath()` for this site's URL scheme: the current page in another
 * language, query and hash kept. The language switch and the hreflang links ask it for
 * every language on every server render; i18n's own resolves each through the router.
 * Equal to i18n's while no page sets localised route params (useSetI18nParams): the
 * path is the same in every language, only the prefix changes.
 */
export function useSwitchSitePath() {
  const route = useRoute()
  return (locale: string): string => {
    const full = route.fullPath
    const cut = full.search(/[?#]/)
    const suffix = cut < 0 ? '' : full.slice(cut)
    return localizedPath(unlocalizedPath(route.path), locale) + suffix
  }
}
