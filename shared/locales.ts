/**
 * Which languages each region serves and how a language shows in the URL. The region
 * layers (layers/kz, layers/ru) build their i18n locale list from this, the server
 * uses it for links in messages, robots.txt and the sitemap, so the three agree.
 *
 * URLs (i18n strategy `prefix_except_default`): the default language has no prefix,
 * every other one has its code as the first segment: `/catalog`, `/kk/catalog`,
 * `/en/catalog`. A page's language is decided by its URL alone (no cookie, no
 * Accept-Language), so a crawler and a cache see one language per URL.
 */
export type TRegionCode = 'kz' | 'ru'
export type TSiteLocale = 'ru' | 'kk' | 'en'

export const DEFAULT_LOCALE: TSiteLocale = 'ru'

export const REGION_LOCALES: Record<TRegionCode, readonly { code: TSiteLocale; language: string; name: string; file: string }[]> = {
  kz: [
    { code: 'ru', language: 'ru-KZ', name: 'Русский', file: 'ru.json' },
    { code: 'kk', language: 'kk-KZ', name: 'Қазақша', file: 'kk.json' },
    { code: 'en', language: 'en', name: 'English', file: 'en.json' },
  ],
  ru: [
    { code: 'ru', language: 'ru-RU', name: 'Русский', file: 'ru.json' },
    { code: 'en', language: 'en', name: 'English', file: 'en.json' },
  ],
}

export function regionLocales(region: TRegionCode): TSiteLocale[] {
  return REGION_LOCALES[region].map((l) => l.code)
}

/** A language the region serves: the person's own when it does, else the default (a kk account on the ru site reads Russian). */
export function siteLocale(region: TRegionCode, locale: string | null | undefined): TSiteLocale {
  return regionLocales(region).find((l) => l === locale) ?? DEFAULT_LOCALE
}

/** One of our languages for anything stored or asked (an account's locale, a message's): ru, kk or en as it is, anything else the default. */
export function anyLocale(locale: string | null | undefined): TSiteLocale {
  return locale === 'kk' || locale === 'en' ? locale : DEFAULT_LOCALE
}

/** `path` (unprefixed, starting with '/') as the URL path of that language's page. */
export function localizedPath(path: string, locale: string): string {
  if (locale === DEFAULT_LOCALE) return path
  return path === '/' ? `/${locale}` : `/${locale}${path}`
}

const PREFIX = /^\/(kk|en)(?=\/|$|\?)/

/** The page's path without its language prefix ('/kk/profile' → '/profile', '/kk' → '/'). */
export function unlocalizedPath(path: string): string {
  const rest = path.replace(PREFIX, '')
  return rest === '' ? '/' : rest.startsWith('?') ? `/${rest}` : rest
}

/** The constructor's own pages of a person (a filling, their documents, their saved details) and a lawyer's template editor. */
export const CONSTRUCTOR_PRIVATE_PREFIXES = ['/constructor/fill', '/constructor/my', '/constructor/details', '/constructor/templates'] as const

/**
 * Paths no search engine should index or crawl (sign-in forms, a person's own pages,
 * invitations with their tokens). Unprefixed; every language's copy is meant too.
 * robots.txt disallows them, pages under them get `noindex`, and the server adds
 * `X-Robots-Tag: noindex` to their responses.
 */
export const PRIVATE_PATH_PREFIXES = ['/auth', '/profile', '/workspace', '/admin', '/welcome', '/billing', '/files', '/registry', ...CONSTRUCTOR_PRIVATE_PREFIXES] as const

export function isPrivatePath(path: string): boolean {
  return under(path, PRIVATE_PATH_PREFIXES)
}

/**
 * A person's own pages: behind sign-in (apart from invitation links, whose page offers
 * sign-in or registration itself). No crawler gets past the sign-in, so they are
 * rendered in the browser (route rules `ssr: false`, nuxt.config.ts): a server render
 * would cost the server for nobody to index. The sign-in forms under /auth are not
 * among them: they are a first visit, on a phone, and paint from the server's HTML
 * before any script has run.
 */
export const SIGNED_IN_PREFIXES = ['/profile', '/workspace', '/admin', '/welcome', '/billing', '/files', '/registry', ...CONSTRUCTOR_PRIVATE_PREFIXES] as const
// An invitation link is opened before its invitee has an account (pages/workspace/invites/[token].vue).
const OPEN_SIGNED_IN = /^\/workspace\/invites?\/[^/?]+\/?(\?|$)/

function under(path: string, prefixes: readonly string[]): boolean {
  const p = unlocalizedPath(path)
  return prefixes.some((prefix) => p === prefix || p.startsWith(`${prefix}/`) || p.startsWith(`${prefix}?`))
}

/** Whether the page at `path` (any language) is rendered in the browser. */
export function isClientRenderedPath(path: string): boolean {
  return under(path, SIGNED_IN_PREFIXES)
}

/** Whether an anonymous visitor of `path` (any language) is sent to sign in first. */
export function needsSignIn(path: string): boolean {
  return isClientRenderedPath(path) && !OPEN_SIGNED_IN.test(unlocalizedPath(path))
}

/** The route rules of the client-rendered pages, every language's copy included (nuxt.config.ts). */
export function clientRenderedRouteRules(): Record<string, { ssr: false }> {
  const rules: Record<string, { ssr: false }> = {}
  for (const lang of ['', '/kk', '/en']) {
    for (const prefix of SIGNED_IN_PREFIXES) {
      rules[`${lang}${prefix}`] = { ssr: false }
      rules[`${lang}${prefix}/**`] = { ssr: false }
    }
  }
  return rules
}

/** The language a URL path is in: its prefix, or the default language without one. */
export function localeOfPath(path: string): TSiteLocale {
  const m = PREFIX.exec(path)
  return m ? (m[1] as TSiteLocale) : DEFAULT_LOCALE
}
