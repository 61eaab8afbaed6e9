import { defineEventHandler, setResponseHeader } from 'h3'
import { useRuntimeConfig } from 'nitropack/runtime'
import { useConfig } from '../lib/config'
import { robotsTxt } from '../lib/sitemap'

/** GET /robots.txt: the region's rules (server/lib/sitemap.ts), pointing at its sitemap. */
export default defineEventHandler((event) => {
  const cfg = useConfig()
  setResponseHeader(event, 'content-type', 'text/plain; charset=utf-8')
  setResponseHeader(event, 'cache-control', 'public, max-age=3600')
  return robotsTxt(cfg.PUBLIC_URL, useRuntimeConfig().public.region === 'ru' ? 'ru' : 'kz')
})
