import { createError, defineEventHandler, setResponseHeader } from 'h3'
import { useRuntimeConfig } from 'nitropack/runtime'
import { contentSitemap } from '../domains/content'
import { useConfig } from '../lib/config'
import { useLogger } from '../lib/log'
import { sitePages, sitemapXml, type TSitemapSource } from '../lib/sitemap'

/**
 * Every source of public pages. A domain with public pages (the content domain's
 * catalog, documents, articles) exports a TSitemapSource from its index.ts and is
 * listed here; see docs/development.md "Add pages to the sitemap".
 */
const log = useLogger('sitemap')

export const SITEMAP_SOURCES: TSitemapSource[] = [sitePages, contentSitemap]

/**
 * GET /sitemap.xml: the public pages in every language of the region, with hreflang
 * alternates. A source that fails (the database is down) makes it a 503 with no cache
 * headers: an incomplete sitemap, or an error kept an hour by a CDN, would tell crawlers
 * the catalog's pages are gone.
 */
export default defineEventHandler(async (event) => {
  const cfg = useConfig()
  let xml: string
  try {
    xml = await sitemapXml(cfg.PUBLIC_URL, useRuntimeConfig().public.region === 'ru' ? 'ru' : 'kz', SITEMAP_SOURCES)
  } catch (e) {
    log.warn('sitemap: a source failed', { err: e instanceof Error ? e.message : String(e) })
    setResponseHeader(event, 'retry-after', 60)
    throw createError({ statusCode: 503, statusMessage: 'Sitemap unavailable' })
  }
  setResponseHeader(event, 'content-type', 'application/xml; charset=utf-8')
  setResponseHeader(event, 'cache-control', 'public, max-age=3600')
  return xml
})
