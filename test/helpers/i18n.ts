import type { Page, Response } from 'playwright-core'
import { localizedPath, type TSiteLocale } from '../../shared/locales'

/**
 * The language of a page is in its URL (`/catalog` Russian, `/kk/catalog`, `/en/catalog`;
 * shared/locales.ts). Tests open a page in a language through these rather than a
 * cookie or Accept-Language, which the site ignores.
 */
export type { TSiteLocale }

/** The absolute URL of unprefixed `path` (may carry a query) in `locale` on the server at `baseUrl`. */
export function urlIn(baseUrl: string, path: string, locale: TSiteLocale): string {
  return `${baseUrl.replace(/\/$/, '')}${localizedPath(path, locale)}`
}

/** Opens page `path` in language `locale` ("open /profile in Kazakh"); returns the navigation's response. */
export async function openInLanguage(page: Page, baseUrl: string, path: string, locale: TSiteLocale): Promise<Response | null> {
  return page.goto(urlIn(baseUrl, path, locale))
}
