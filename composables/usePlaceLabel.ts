import type { TPlaceView } from '#shared/auth-views'

/**
 * A session's place in the page's language: the country by its ISO code through
 * Intl.DisplayNames, or "local network". A runtime whose Intl data lacks Kazakh would
 * silently answer in English, so Kazakh pages then fall back to Russian names.
 */
export function usePlaceLabel() {
  const { t, locale } = useI18n()
  const names = computed(() => {
    const wanted = locale.value
    const lang = Intl.DisplayNames.supportedLocalesOf([wanted]).length ? wanted : wanted === 'kk' ? 'ru' : 'en'
    return new Intl.DisplayNames([lang], { type: 'region', fallback: 'code' })
  })
  return (p: TPlaceView | null): string | null => {
    if (!p) return null
    if (p.local) return t('profile.sessions.localNetwork')
    return p.country ? (names.value.of(p.country) ?? p.country) : null
  }
}
