import { defineDomain } from '../define'

export const domain = defineDomain({
  name: 'content',
  description: 'Catalog sections and folders, document descriptions, articles, SEO, translations, media.',
  owns: ['content_items', 'content_versions', 'media'],
})
