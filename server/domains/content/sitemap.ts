import { useDb } from '../../lib/db'
import type { TSitemapSource } from '../../lib/sitemap'
import { itemLocales, type TLocalizedText } from '../../../shared/content'

/**
 * Published sections, descriptions and articles for /sitemap.xml: each under its Russian
 * slug (any slug opens the page, see public-read.ts), in the languages it has a title in.
 */
export const contentSitemap: TSitemapSource = async ({ region }) => {
  const rows = await useDb().contentItem.findMany({
    where: { region, kind: { in: ['section', 'description', 'article'] }, publishedVersion: { not: null } },
    select: { kind: true, slugRu: true, slugKk: true, slugEn: true, published: true, publishedAt: true },
  })
  const base = { section: '/catalog', description: '/documents', article: '/articles', folder: '' } as const
  return [
    { path: '/articles' },
    ...rows.map((r) => ({
      path: `${base[r.kind]}/${r.slugRu ?? r.slugKk ?? r.slugEn}`,
      lastmod: r.publishedAt ?? undefined,
      locales: itemLocales(r.published as { title?: TLocalizedText }),
    })),
  ]
}
