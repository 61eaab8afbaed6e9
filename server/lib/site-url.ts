import { localizedPath, siteLocale } from '../../shared/locales'
import { useConfig } from './config'

/**
 * The absolute address of one of our pages in a person's language (its URL prefix; a
 * language the region does not offer falls back to the region's default), on PUBLIC_URL:
 * what a mailed link, a QR code or a printed sheet points to.
 */
export function siteUrl(path: string, locale?: string | null): URL {
  const cfg = useConfig()
  return new URL(localizedPath(path, siteLocale(cfg.REGION, locale)), cfg.PUBLIC_URL)
}
