import { DEFAULT_LOCALE, isPrivatePath } from '#shared/locales'

type TText = string | (() => string)

export interface TPageMeta {
  /** The page's own title; the site name is appended by app.vue's title template. */
  title?: TText
  /** One or two sentences for search results and link previews, in the page's language. */
  description?: TText
  /** false: keep this page out of search engines (pages under private paths already are). */
  index?: boolean
}

const read = (v: TText | undefined) => (typeof v === 'function' ? v() : v)

/**
 * A page's title, description and indexing in one call: sets the title, meta
 * description and the Open Graph / Twitter copies of both. The rest of the head
 * (canonical, hreflang, og:url, og:locale, noindex of private paths) comes from
 * useSiteHead() in app.vue for every page, so a page needs only this.
 */
export function usePageMeta(meta: TPageMeta) {
  useSeoMeta({
    ...(meta.title !== undefined ? { title: () => read(meta.title), ogTitle: () => read(meta.title), twitterTitle: () => read(meta.title) } : {}),
    ...(meta.description !== undefined
      ? { description: () => read(meta.description), ogDescription: () => read(meta.description), twitterDescription: () => read(meta.description) }
      : {}),
    ...(meta.index === false ? { robots: 'noindex, nofollow' } : {}),
  })
}

/** The absolute URL of a path on the public site (PUBLIC_URL, never the request's Host). */
export function useAbsoluteUrl() {
  const siteUrl = useRuntimeConfig().public.siteUrl
  return (path: string) => new URL(path, siteUrl).toString()
}

/**
 * The head every page shares, from its URL: canonical (the page in its own language,
 * without query), hreflang alternates for each language of the region plus
 * x-default (the default language's URL), og:url/og:locale/site name, the site's
 * default description, and noindex on private paths (shared/locales.ts).
 */
export function useSiteHead(brand: string) {
  const route = useRoute()
  const { locale, locales, t } = useI18n()
  const switchLocalePath = useSwitchSitePath()
  const absolute = useAbsoluteUrl()
  const withoutQuery = (p: string) => p.split(/[?#]/)[0] || '/'
  const ogLocale = (code: string) => (locales.value.find((l) => l.code === code)?.language ?? code).replace('-', '_')

  const canonical = computed(() => absolute(withoutQuery(route.path)))
  const alternates = computed(() => {
    const links = locales.value.map((l) => ({ rel: 'alternate', hreflang: l.language ?? l.code, href: absolute(withoutQuery(switchLocalePath(l.code))) }))
    const fallback = absolute(withoutQuery(switchLocalePath(DEFAULT_LOCALE)))
    return [...links, { rel: 'alternate', hreflang: 'x-default', href: fallback }]
  })
  const hidden = computed(() => isPrivatePath(route.path))

  useHead(() => ({
    link: [{ rel: 'canonical', href: canonical.value }, ...(hidden.value ? [] : alternates.value.map((l) => ({ ...l, key: `alt-${l.hreflang}` })))],
  }))
  useSeoMeta({
    description: () => t('meta.description'),
    ogDescription: () => t('meta.description'),
    twitterDescription: () => t('meta.description'),
    ogTitle: () => t('meta.title', { brand }),
    twitterTitle: () => t('meta.title', { brand }),
    ogType: 'website',
    ogSiteName: brand,
    ogUrl: () => canonical.value,
    ogLocale: () => ogLocale(locale.value),
    ogLocaleAlternate: () => locales.value.filter((l) => l.code !== locale.value).map((l) => ogLocale(l.code)),
    twitterCard: 'summary',
    robots: () => (hidden.value ? 'noindex, nofollow' : 'index, follow'),
  })
}
