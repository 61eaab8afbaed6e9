import { defineEventHandler, setResponseHeader } from 'h3'
import { useRuntimeConfig } from 'nitropack/runtime'
import { contentSitemap } from '../domains/content'
import { useConfig } from '../lib/config'
import { sitePages, sitemapXml, type TSitemapSource } from '../lib/sitemap'

/**
 * Every source of public pages. A domain with public pages (the content domain's
 * catalog, documents, articles) exports a TSitemapSource from its index.ts and is
 * listed here; see docs/development.md "Add pages to the sitemap".
 */
export const SITEMAP_SOURCES: TSitemapSource[] = [sitePages, contentSitemap]

/** GET /sitemap.xml: the public pages in every language of the region, with hreflang alternates. */
export default defineEventHandler(async (event) => {
  const cfg = useConfig()
  setResponseHeader(event, 'content-type', 'application/xml; charset=utf-8')
  setResponseHeader(event, 'cache-control', 'public, max-age=3600')
  return sitemapXml(cfg.PUBLIC_URL, useRuntimeConfig().public.region === 'ru' ? 'ru' : 'kz', SITEMAP_SOURCES)
})
