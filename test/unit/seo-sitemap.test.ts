import { describe, expect, it } from 'vitest'
import { isPrivatePath, localeOfPath, localizedPath, siteLocale, unlocalizedPath } from '../../shared/locales'
import { robotsTxt, sitemapXml, sitePages, type TSitemapSource } from '../../server/lib/sitemap'

const ORIGIN = 'https://dogovor24.kz'

describe('language in the URL', () => {
  it('prefixes every language but the default, both ways', () => {
    expect(localizedPath('/', 'ru')).toBe('/')
    expect(localizedPath('/', 'kk')).toBe('/kk')
    expect(localizedPath('/auth/verify', 'en')).toBe('/en/auth/verify')
    expect(unlocalizedPath('/kk')).toBe('/')
    expect(unlocalizedPath('/kk/profile')).toBe('/profile')
    expect(unlocalizedPath('/kkx/profile')).toBe('/kkx/profile')
    expect(localeOfPath('/en/catalog')).toBe('en')
    expect(localeOfPath('/catalog')).toBe('ru')
  })

  it('falls back to Russian for a language the region does not serve', () => {
    expect(siteLocale('kz', 'kk')).toBe('kk')
    expect(siteLocale('ru', 'kk')).toBe('ru')
    expect(siteLocale('ru', undefined)).toBe('ru')
  })

  it('treats sign-in, personal pages and invitations as private in every language', () => {
    for (const p of ['/auth/login', '/kk/auth/register', '/profile', '/en/profile', '/workspace/invites/abc', '/admin', '/kk/admin/users']) {
      expect(isPrivatePath(p), p).toBe(true)
    }
    for (const p of ['/', '/kk', '/catalog', '/en/chat', '/authors', '/profiles-of-lawyers']) expect(isPrivatePath(p), p).toBe(false)
  })
})

describe('robots.txt', () => {
  it('keeps crawlers out of the API and private pages of each language and names the sitemap', () => {
    const kz = robotsTxt(ORIGIN, 'kz')
    for (const p of ['/api/', '/auth', '/profile', '/workspace', '/admin', '/kk/auth', '/en/profile']) expect(kz).toContain(`Disallow: ${p}\n`)
    expect(kz).toContain('Sitemap: https://dogovor24.kz/sitemap.xml')
    expect(robotsTxt('https://dogovor24.ru', 'ru')).not.toContain('/kk/')
  })
})

describe('sitemap.xml', () => {
  it('lists each public page in every language of the region with hreflang alternates', async () => {
    const xml = await sitemapXml(ORIGIN, 'kz', [sitePages])
    for (const loc of ['https://dogovor24.kz/', 'https://dogovor24.kz/kk', 'https://dogovor24.kz/en/catalog']) expect(xml).toContain(`<loc>${loc}</loc>`)
    expect(xml).toContain('<xhtml:link rel="alternate" hreflang="kk-KZ" href="https://dogovor24.kz/kk/catalog"/>')
    expect(xml).toContain('<xhtml:link rel="alternate" hreflang="x-default" href="https://dogovor24.kz/catalog"/>')
    expect(xml).not.toMatch(/\/(auth|profile|workspace|admin)/)
    const ru = await sitemapXml('https://dogovor24.ru', 'ru', [sitePages])
    expect(ru).toContain('<loc>https://dogovor24.ru/en/catalog</loc>')
    expect(ru).not.toContain('/kk')
  })

  it('takes pages from every registered source, in the languages each page exists in', async () => {
    const articles: TSitemapSource = () => [{ path: '/articles/rent & lease', lastmod: '2026-01-02T00:00:00Z', locales: ['ru', 'kk'] }]
    const xml = await sitemapXml(ORIGIN, 'kz', [sitePages, articles])
    expect(xml).toContain('<loc>https://dogovor24.kz/kk/articles/rent%20&amp;%20lease</loc>')
    expect(xml).toContain('<lastmod>2026-01-02T00:00:00.000Z</lastmod>')
    expect(xml).not.toContain('/en/articles')
  })
})
