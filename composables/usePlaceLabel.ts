import type { TPlaceView } from '#shared/auth-views'

/** Whether this runtime has region names in `lang`: one without them answers in another language it has. */
function hasRegionNames(lang: string): boolean {
  const kz = (l: string) => new Intl.DisplayNames([l], { type: 'region' }).of('KZ')
  const own = kz(lang)
  return own !== kz('ru') && own !== kz('en')
}

/**
 * A session's place in the page's language: the country by its ISO code through
 * Intl.DisplayNames, or "local network". Debian's Chromium (and a small-ICU Node) has no
 * Kazakh region names and would silently answer in the browser's language, so a Kazakh
 * page then names countries in Russian.
 */
export function usePlaceLabel() {
  const { t, locale } = useI18n()
  const names = computed(() => {
    const lang = locale.value === 'kk' && !hasRegionNames('kk') ? 'ru' : locale.value
    return new Intl.DisplayNames([lang], { type: 'region', fallback: 'code' })
  })
  return (p: TPlaceView | null): string | null => {
    if (!p) return null
    if (p.local) return t('profile.sessions.localNetwork')
    return p.country ? (names.value.of(p.country) ?? p.country) : null
  }
}
