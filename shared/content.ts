import { z } from 'zod'

/**
 * The content domain's schemas: the editor's forms, the admin routes and the domain all
 * validate with these. Every text a visitor reads is localized ({ ru, kk, en }); a draft
 * may lack languages (an editor saves half-done work), and publishing refuses an item
 * whose region's required languages are missing (missingTranslations below).
 */
export const CONTENT_LOCALES = ['ru', 'kk', 'en'] as const
export type TContentLocale = (typeof CONTENT_LOCALES)[number]
export const CONTENT_KINDS = ['section', 'folder', 'description', 'article'] as const
export type TContentKind = (typeof CONTENT_KINDS)[number]
export type TContentRegion = 'kz' | 'ru'

/** The languages a region must have before an item is published; the others are optional. */
export const REQUIRED_LOCALES: Record<TContentRegion, readonly TContentLocale[]> = { kz: ['ru', 'kk'], ru: ['ru'] }

// An empty field in a form means "not written yet": stored as absent, not as ''.
const optionalText = (max: number) =>
  z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), z.string().trim().max(max).optional())

export const ZLocalizedTextSchema = (max = 300) =>
  z.object({ ru: optionalText(max), kk: optionalText(max), en: optionalText(max) })
export type TLocalizedText = { ru?: string; kk?: string; en?: string }

export const ZSlugSchema = z
  .string()
  .trim()
  .toLowerCase()
  .min(2)
  .max(120)
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'Latin letters, digits and single hyphens')

const optionalSlug = z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), ZSlugSchema.optional())

/** Per language: the page's address, its <title> and meta description. */
export const ZSeoSchema = z.object({
  slug: z.object({ ru: optionalSlug, kk: optionalSlug, en: optionalSlug }),
  title: ZLocalizedTextSchema(120),
  description: ZLocalizedTextSchema(300),
})
export type TSeo = z.infer<typeof ZSeoSchema>

export const ZPriceSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('free') }),
  z.object({ kind: z.literal('subscription') }),
  /** Money in integer minor units (tiyn, kopecks). */
  z.object({ kind: z.literal('paid'), amountMinor: z.number().int().min(1).max(100_000_000_00), currency: z.enum(['KZT', 'RUB']) }),
])
export type TPrice = z.infer<typeof ZPriceSchema>

/**
 * An article's body as structured blocks rather than HTML: nothing to sanitize, and the
 * page renders each block with Vue's escaping. Enough for a legal guide.
 */
export const ZArticleBlockSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('heading'), text: z.string().trim().min(1).max(200) }),
  z.object({ type: z.literal('paragraph'), text: z.string().trim().min(1).max(5000) }),
  z.object({ type: z.literal('list'), items: z.array(z.string().trim().min(1).max(1000)).min(1).max(50) }),
])
export type TArticleBlock = z.infer<typeof ZArticleBlockSchema>
const blocks = z.array(ZArticleBlockSchema).max(200).optional()
export const ZArticleBodySchema = z.object({ ru: blocks, kk: blocks, en: blocks })

export const ZSectionDataSchema = z.object({
  title: ZLocalizedTextSchema(120),
  description: ZLocalizedTextSchema(600),
  seo: ZSeoSchema,
})
export const ZDescriptionDataSchema = z.object({
  title: ZLocalizedTextSchema(200),
  summary: ZLocalizedTextSchema(600),
  purpose: ZLocalizedTextSchema(3000),
  audience: ZLocalizedTextSchema(3000),
  price: ZPriceSchema,
  /** The languages the document itself can be made in. */
  languages: z.array(z.enum(CONTENT_LOCALES)).min(1).max(3),
  /** The document domain's template id; a plain string, linked later by that domain. */
  templateId: z.string().trim().min(1).max(100).nullable().default(null),
  seo: ZSeoSchema,
})
export const ZArticleDataSchema = z.object({
  title: ZLocalizedTextSchema(200),
  summary: ZLocalizedTextSchema(600),
  body: ZArticleBodySchema,
  tags: z.array(z.string().trim().min(1).max(40)).max(20).default([]),
  relatedDescriptionIds: z.array(z.uuid()).max(20).default([]),
  seo: ZSeoSchema,
})
export type TSectionData = z.infer<typeof ZSectionDataSchema>
export type TDescriptionData = z.infer<typeof ZDescriptionDataSchema>
export type TArticleData = z.infer<typeof ZArticleDataSchema>
export type TContentData = TSectionData | TDescriptionData | TArticleData

/** The data schema of each kind (a folder is shaped like a section). */
export const CONTENT_DATA_SCHEMAS = {
  section: ZSectionDataSchema,
  folder: ZSectionDataSchema,
  description: ZDescriptionDataSchema,
  article: ZArticleDataSchema,
} as const

// ---- Admin inputs ----

export const ZContentIdParamsSchema = z.object({ id: z.uuid() })

export const ZCreateContentSchema = z.object({
  kind: z.enum(CONTENT_KINDS),
  parentId: z.uuid().nullable().default(null),
  position: z.number().int().min(0).max(100_000).default(0),
  /** Validated against the kind's schema by the domain (the shape depends on `kind`). */
  data: z.record(z.string(), z.unknown()),
})
export type TCreateContentInput = z.input<typeof ZCreateContentSchema>

export const ZUpdateContentSchema = z.object({
  parentId: z.uuid().nullable().optional(),
  position: z.number().int().min(0).max(100_000).optional(),
  data: z.record(z.string(), z.unknown()).optional(),
})
export type TUpdateContentInput = z.input<typeof ZUpdateContentSchema>

export const ZPublishContentSchema = z.object({
  /** A future time schedules the publish (the worker publishes it); absent or past: now. */
  publishAt: z.iso.datetime({ offset: true }).optional(),
})

export const ZContentListQuerySchema = z.object({
  kind: z.enum(CONTENT_KINDS).optional(),
  parentId: z.uuid().optional(),
})

export const ZDiffQuerySchema = z.object({
  from: z.coerce.number().int().min(1),
  /** A version number, or absent for the current draft. */
  to: z.coerce.number().int().min(1).optional(),
})

// ---- Admin answers ----

export const CONTENT_STATUSES = ['draft', 'published', 'changed', 'scheduled'] as const
export const ZMissingTranslationSchema = z.object({ field: z.string(), locale: z.enum(CONTENT_LOCALES) })
export type TMissingTranslation = z.infer<typeof ZMissingTranslationSchema>

export const ZContentAdminItemSchema = z.object({
  id: z.uuid(),
  kind: z.enum(CONTENT_KINDS),
  region: z.enum(['kz', 'ru']),
  parentId: z.uuid().nullable(),
  position: z.number().int(),
  status: z.enum(CONTENT_STATUSES),
  title: z.string(),
  draft: z.record(z.string(), z.unknown()),
  publishedVersion: z.number().int().nullable(),
  publishedAt: z.iso.datetime().nullable(),
  publishAt: z.iso.datetime().nullable(),
  updatedAt: z.iso.datetime(),
  missing: z.array(ZMissingTranslationSchema),
})
export type TContentAdminItem = z.infer<typeof ZContentAdminItemSchema>
export const ZContentAdminListSchema = z.object({ items: z.array(ZContentAdminItemSchema) })

export const ZContentVersionSchema = z.object({
  number: z.number().int(),
  publishedBy: z.uuid(),
  publishedAt: z.iso.datetime(),
  scheduled: z.boolean(),
})
export const ZContentVersionListSchema = z.object({ versions: z.array(ZContentVersionSchema) })

export const ZFieldChangeSchema = z.object({ path: z.string(), before: z.unknown(), after: z.unknown() })
export type TFieldChange = z.infer<typeof ZFieldChangeSchema>
export const ZContentDiffSchema = z.object({ from: z.number().int(), to: z.number().int().nullable(), changes: z.array(ZFieldChangeSchema) })
export const ZMissingTranslationsSchema = z.object({ missing: z.array(ZMissingTranslationSchema) })

// ---- Public answers (one language, published data only) ----

export const ZPublicLocaleQuerySchema = z.object({ locale: z.enum(CONTENT_LOCALES).default('ru') })

const price = ZPriceSchema
export const ZPublicDescriptionCardSchema = z.object({
  id: z.uuid(),
  slug: z.string(),
  title: z.string(),
  summary: z.string(),
  price,
  languages: z.array(z.enum(CONTENT_LOCALES)),
})
export const ZPublicFolderSchema = z.object({
  id: z.uuid(),
  slug: z.string(),
  title: z.string(),
  description: z.string(),
  descriptions: z.array(ZPublicDescriptionCardSchema),
})
export const ZPublicSectionSchema = z.object({
  id: z.uuid(),
  slug: z.string(),
  title: z.string(),
  description: z.string(),
  seoTitle: z.string(),
  seoDescription: z.string(),
  folders: z.array(ZPublicFolderSchema),
  /** Descriptions placed directly in the section, outside any folder. */
  descriptions: z.array(ZPublicDescriptionCardSchema),
})
export type TPublicSection = z.infer<typeof ZPublicSectionSchema>
export const ZPublicCatalogSchema = z.object({ sections: z.array(ZPublicSectionSchema) })

export const ZPublicDescriptionSchema = ZPublicDescriptionCardSchema.extend({
  purpose: z.string(),
  audience: z.string(),
  templateId: z.string().nullable(),
  seoTitle: z.string(),
  seoDescription: z.string(),
  section: z.object({ slug: z.string(), title: z.string() }).nullable(),
  /** True when some text is shown in another language than the one asked (fallback). */
  fallback: z.boolean(),
  updatedAt: z.iso.datetime(),
})
export type TPublicDescription = z.infer<typeof ZPublicDescriptionSchema>

export const ZPublicArticleCardSchema = z.object({
  id: z.uuid(),
  slug: z.string(),
  title: z.string(),
  summary: z.string(),
  tags: z.array(z.string()),
  publishedAt: z.iso.datetime(),
})
export const ZPublicArticleListSchema = z.object({ articles: z.array(ZPublicArticleCardSchema) })
export const ZPublicArticleSchema = ZPublicArticleCardSchema.extend({
  body: z.array(ZArticleBlockSchema),
  seoTitle: z.string(),
  seoDescription: z.string(),
  related: z.array(ZPublicDescriptionCardSchema),
  fallback: z.boolean(),
})
export type TPublicArticle = z.infer<typeof ZPublicArticleSchema>
export const ZSlugParamsSchema = z.object({ slug: ZSlugSchema })

// ---- Pure rules shared by the domain and the editor ----

/**
 * The text of a localized field in `locale`, with the fallback the public pages use:
 * the language asked; else Russian (the language every region requires); else Kazakh.
 */
export function pickText(value: TLocalizedText | undefined, locale: TContentLocale): { text: string; fallback: boolean } {
  const own = value?.[locale]
  if (own) return { text: own, fallback: false }
  const other = value?.ru ?? value?.kk ?? value?.en ?? ''
  return { text: other, fallback: other !== '' }
}

/** The localized fields of each kind, as paths into its data (what "missing translations" checks). */
export const LOCALIZED_FIELDS: Record<TContentKind, readonly string[]> = {
  section: ['title', 'description', 'seo.slug', 'seo.title', 'seo.description'],
  folder: ['title', 'description', 'seo.slug', 'seo.title', 'seo.description'],
  description: ['title', 'summary', 'purpose', 'audience', 'seo.slug', 'seo.title', 'seo.description'],
  article: ['title', 'summary', 'body', 'seo.slug', 'seo.title', 'seo.description'],
}

function at(data: unknown, path: string): unknown {
  return path.split('.').reduce<unknown>((o, k) => (o && typeof o === 'object' ? (o as Record<string, unknown>)[k] : undefined), data)
}

const present = (v: unknown) => (Array.isArray(v) ? v.length > 0 : typeof v === 'string' ? v.trim() !== '' : v != null)

/** The required languages a draft lacks, field by field (kz: ru and kk; ru: ru; en is never required). */
export function missingTranslations(kind: TContentKind, region: TContentRegion, data: unknown): TMissingTranslation[] {
  const out: TMissingTranslation[] = []
  for (const field of LOCALIZED_FIELDS[kind]) {
    const value = at(data, field) as Record<string, unknown> | undefined
    for (const locale of REQUIRED_LOCALES[region]) if (!present(value?.[locale])) out.push({ field, locale })
  }
  return out
}

/** The languages an item has text in (its title): one search entry and one public page each. */
export function itemLocales(data: { title?: TLocalizedText }): TContentLocale[] {
  return CONTENT_LOCALES.filter((l) => present(data.title?.[l]))
}

/**
 * A field-level diff of two data objects: one change per leaf path whose value differs
 * (arrays compared whole: a list of blocks or tags changed is one change).
 */
export function diffFields(before: unknown, after: unknown, prefix = ''): TFieldChange[] {
  const isObj = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v)
  if (isObj(before) || isObj(after)) {
    const a = isObj(before) ? before : {}
    const b = isObj(after) ? after : {}
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort()
    return keys.flatMap((k) => diffFields(a[k], b[k], prefix ? `${prefix}.${k}` : k))
  }
  if (JSON.stringify(before) === JSON.stringify(after)) return []
  return [{ path: prefix, before: before ?? null, after: after ?? null }]
}

export { formatPrice } from './content-format'
