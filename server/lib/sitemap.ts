import { DEFAULT_LOCALE, PRIVATE_PATH_PREFIXES, REGION_LOCALES, localizedPath, regionLocales, type TRegionCode, type TSiteLocale } from '../../shared/locales'

/**
 * robots.txt and sitemap.xml of one region (server/routes/robots.txt.ts, sitemap.xml.ts).
 *
 * The sitemap is built from sources: functions that list public pages by their
 * unprefixed path. The site's own pages are `sitePages`; a domain with pages of its own
 * (the content domain's catalog sections, documents, articles) exports a source from its
 * index.ts and is added to SITEMAP_SOURCES in server/routes/sitemap.xml.ts. Each page is
 * listed once per language of the region, with xhtml:link alternates to the others.
 */
export interface TSitemapPage {
  /** Unprefixed path, e.g. '/catalog/rent' (the Russian page; '/kk/…', '/en/…' follow). */
  path: string
  /** Last change (ISO date or Date), when the source knows it. */
  lastmod?: string | Date
  /** The languages the page exists in (default: every language of the region). */
  locales?: readonly TSiteLocale[]
}

export type TSitemapSource = (ctx: { region: TRegionCode }) => TSitemapPage[] | Promise<TSitemapPage[]>

/** The public pages of the site itself: the home page, the catalog and the product landings. */
export const sitePages: TSitemapSource = () => ['/', '/catalog', '/pricing', '/constructor', '/chat', '/amicus', '/legal/terms', '/legal/privacy'].map((path) => ({ path }))

const xml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')

export async function sitemapXml(origin: string, region: TRegionCode, sources: readonly TSitemapSource[]): Promise<string> {
  // The same hreflang values as the pages' own alternates (ru-KZ, kk-KZ, en...).
  const language = (code: TSiteLocale) => REGION_LOCALES[region].find((l) => l.code === code)?.language ?? code
  const abs = (path: string) => new URL(path, origin).toString()
  const served = regionLocales(region)
  const pages = (await Promise.all(sources.map((source) => source({ region })))).flat()
  const urls: string[] = []
  for (const page of pages) {
    const locales = served.filter((l) => !page.locales || page.locales.includes(l))
    if (locales.length === 0) continue
    const lastmod = page.lastmod ? new Date(page.lastmod).toISOString() : undefined
    const fallback = locales.includes(DEFAULT_LOCALE) ? DEFAULT_LOCALE : locales[0]!
    const alternates = [
      ...locales.map((l) => `    <xhtml:link rel="alternate" hreflang="${language(l)}" href="${xml(abs(localizedPath(page.path, l)))}"/>`),
      `    <xhtml:link rel="alternate" hreflang="x-default" href="${xml(abs(localizedPath(page.path, fallback)))}"/>`,
    ]
    for (const l of locales) {
      urls.push(
        ['  <url>', `    <loc>${xml(abs(localizedPath(page.path, l)))}</loc>`, ...(lastmod ? [`    <lastmod>${lastmod}</lastmod>`] : []), ...alternates, '  </url>'].join('\n'),
      )
    }
  }
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">',
    ...urls,
    '</urlset>',
    '',
  ].join('\n')
}

/** Crawlers stay out of the API and of every language's copy of the private pages. */
export function robotsTxt(origin: string, region: TRegionCode): string {
  const disallow = ['/api/']
  for (const l of regionLocales(region)) for (const p of PRIVATE_PATH_PREFIXES) disallow.push(localizedPath(p, l))
  return ['User-agent: *', ...disallow.map((p) => `Disallow: ${p}`), '', `Sitemap: ${new URL('/sitemap.xml', origin).toString()}`, ''].join('\n')
}
