import { describe, expect, it } from 'vitest'
import {
  diffFields,
  formatPrice,
  itemLocales,
  missingTranslations,
  pickText,
  ZArticleDataSchema,
  ZDescriptionDataSchema,
  ZPriceSchema,
  ZSlugSchema,
  type TDescriptionData,
} from '../../shared/content'
import { toSearchEntries } from '../../server/domains/content/search-entries'

const description = (over: Partial<TDescriptionData> = {}): TDescriptionData =>
  ZDescriptionDataSchema.parse({
    title: { ru: 'Договор аренды', kk: 'Жалдау шарты' },
    summary: { ru: 'Наём квартиры', kk: 'Пәтер жалдау' },
    purpose: { ru: 'Для найма жилья', kk: 'Тұрғын үй жалдау үшін' },
    audience: { ru: 'Собственникам', kk: 'Меншік иелеріне' },
    price: { kind: 'paid', amountMinor: 250000, currency: 'KZT' },
    languages: ['ru', 'kk'],
    seo: { slug: { ru: 'dogovor-arendy', kk: 'zhaldau-sharty' }, title: { ru: 'Аренда', kk: 'Жалдау' }, description: { ru: 'Аренда', kk: 'Жалдау' } },
    ...over,
  })

describe('content schemas', () => {
  it('stores an empty field as absent and trims text', () => {
    const d = description({ title: { ru: '  Договор  ', kk: '   ', en: '' } as never })
    expect(d.title).toEqual({ ru: 'Договор' })
    expect(d.templateId).toBeNull()
  })

  it('accepts latin slugs only and lower-cases them', () => {
    expect(ZSlugSchema.parse('Dogovor-Arendy')).toBe('dogovor-arendy')
    for (const bad of ['договор', 'a', 'two--hyphens', '-lead', 'space here']) expect(ZSlugSchema.safeParse(bad).success, bad).toBe(false)
  })

  it('prices: free, subscription, or a positive integer of minor units in KZT/RUB', () => {
    expect(ZPriceSchema.safeParse({ kind: 'subscription' }).success).toBe(true)
    expect(ZPriceSchema.safeParse({ kind: 'paid', amountMinor: 12.5, currency: 'KZT' }).success).toBe(false)
    expect(ZPriceSchema.safeParse({ kind: 'paid', amountMinor: 0, currency: 'KZT' }).success).toBe(false)
    expect(ZPriceSchema.safeParse({ kind: 'paid', amountMinor: 100, currency: 'USD' }).success).toBe(false)
    expect(formatPrice({ kind: 'paid', amountMinor: 250000, currency: 'KZT' }, 'ru')).toBe('2\u00a0500\u00a0₸')
    expect(formatPrice({ kind: 'paid', amountMinor: 12050, currency: 'RUB' }, 'en')).toBe('120.50\u00a0₽')
    expect(formatPrice({ kind: 'free' }, 'ru')).toBeNull()
  })

  it('article bodies are blocks (no HTML to sanitize); unknown block types are refused', () => {
    const base = { title: { ru: 'A' }, summary: {}, tags: [], seo: { slug: {}, title: {}, description: {} } }
    expect(ZArticleDataSchema.safeParse({ ...base, body: { ru: [{ type: 'paragraph', text: '<b>x</b>' }] } }).success).toBe(true)
    expect(ZArticleDataSchema.safeParse({ ...base, body: { ru: [{ type: 'html', text: '<script>' }] } }).success).toBe(false)
  })
})

describe('missing translations', () => {
  it('kz requires ru and kk on every localized field, ru region only ru, en never', () => {
    const d = description({ purpose: { ru: 'Для найма' }, seo: { slug: { ru: 'x-y' }, title: { ru: 'T', kk: 'Т' }, description: { ru: 'D', kk: 'Д' } } })
    expect(missingTranslations('description', 'kz', d)).toEqual([
      { field: 'purpose', locale: 'kk' },
      { field: 'seo.slug', locale: 'kk' },
    ])
    expect(missingTranslations('description', 'ru', d)).toEqual([])
    expect(missingTranslations('description', 'kz', description())).toEqual([])
  })

  it('an article body in a language counts only when it has blocks', () => {
    const m = missingTranslations('article', 'kz', { title: { ru: 'a', kk: 'b' }, summary: { ru: 'a', kk: 'b' }, body: { ru: [{ type: 'paragraph', text: 'x' }], kk: [] }, seo: {} })
    expect(m).toContainEqual({ field: 'body', locale: 'kk' })
    expect(m).not.toContainEqual({ field: 'body', locale: 'ru' })
  })
})

describe('fallback', () => {
  it('the language asked, else Russian, else Kazakh; says when it fell back', () => {
    expect(pickText({ ru: 'Сенімхат?', kk: 'Сенімхат' }, 'kk')).toEqual({ text: 'Сенімхат', fallback: false })
    expect(pickText({ ru: 'Доверенность', kk: 'Сенімхат' }, 'en')).toEqual({ text: 'Доверенность', fallback: true })
    expect(pickText({ kk: 'Сенімхат' }, 'ru')).toEqual({ text: 'Сенімхат', fallback: true })
    expect(pickText(undefined, 'ru')).toEqual({ text: '', fallback: false })
  })
})

describe('diff', () => {
  it('lists each changed leaf by its path; arrays compare whole; added and removed fields show null', () => {
    const a = description()
    const b = description({ title: { ru: 'Договор найма', kk: 'Жалдау шарты', en: 'Lease' }, languages: ['ru'] })
    expect(diffFields(a, b)).toEqual([
      { path: 'languages', before: ['ru', 'kk'], after: ['ru'] },
      { path: 'title.en', before: null, after: 'Lease' },
      { path: 'title.ru', before: 'Договор аренды', after: 'Договор найма' },
    ])
    expect(diffFields(a, a)).toEqual([])
    expect(diffFields({ price: { kind: 'free' } }, { price: { kind: 'paid', amountMinor: 100, currency: 'KZT' } })).toEqual([
      { path: 'price.amountMinor', before: null, after: 100 },
      { path: 'price.currency', before: null, after: 'KZT' },
      { path: 'price.kind', before: 'free', after: 'paid' },
    ])
  })
})

describe('toSearchEntries', () => {
  const source = { id: '6f1c0a52-8c1e-4c39-9d1f-5b0a6b1f3c11', region: 'kz' as const, updatedAt: new Date('2026-01-01T00:00:00Z'), section: { id: 's1', title: { ru: 'Недвижимость', kk: 'Жылжымайтын мүлік' } } }

  it('one entry per language with its own title, path by that language’s slug, facets, plain-text body', () => {
    const entries = toSearchEntries({ ...source, kind: 'description', data: description() })
    expect(entries.map((e) => e.locale)).toEqual(['ru', 'kk'])
    const [ru, kk] = entries
    expect(ru).toMatchObject({ ref: source.id, kind: 'description', path: '/documents/dogovor-arendy', title: 'Договор аренды', summary: 'Наём квартиры', body: 'Для найма жилья\nСобственникам', sectionId: 's1', sectionTitle: 'Недвижимость', price: 'paid', languages: ['ru', 'kk'], tags: [] })
    expect(kk).toMatchObject({ path: '/documents/zhaldau-sharty', title: 'Жалдау шарты', sectionTitle: 'Жылжымайтын мүлік' })
  })

  it('does not index a language the item only has by fallback; an article body is its blocks as text', () => {
    const data = ZArticleDataSchema.parse({
      title: { ru: 'Как снять квартиру' },
      summary: { ru: 'Коротко' },
      body: { ru: [{ type: 'heading', text: 'Залог' }, { type: 'list', items: ['первый', 'второй'] }] },
      tags: ['аренда'],
      seo: { slug: { ru: 'kak-snyat' }, title: {}, description: {} },
    })
    const entries = toSearchEntries({ ...source, section: null, kind: 'article', data })
    expect(entries).toHaveLength(1)
    expect(entries[0]).toMatchObject({ locale: 'ru', path: '/articles/kak-snyat', body: 'Залог\nпервый\nвторой', tags: ['аренда'], price: 'free', sectionId: null, sectionTitle: null })
    expect(itemLocales(data)).toEqual(['ru'])
  })
})
