import { describe, expect, it } from 'vitest'
import { ZQuestionnaireSchema } from '../../shared/questionnaire'
import { resolveValues } from '../../shared/questionnaire-values'
import { ZTemplateBodySchema, type TTemplateBody } from '../../shared/template-body'
import { expandBody, laidText } from '../../shared/template-expand'
import { renderHtml } from '../../shared/template-html'
import { leaseAnswers, leaseBody, leaseQuestionnaire } from '../helpers/lease-template'

const body = (...content: unknown[]): TTemplateBody => ZTemplateBodySchema.parse({ type: 'doc', content })
const para = (...content: unknown[]) => ({ type: 'paragraph', content })
const field = (key: string, format?: string, lang?: string) => ({ type: 'field', attrs: { key, format, lang } })
const text = (t: string) => ({ type: 'text', text: t })
const plainText = (b: TTemplateBody, values: Record<string, unknown>, lang: 'ru' | 'kk' = 'ru') => laidText(expandBody(b, values, { lang }))

describe('field formats through the body', () => {
  const values = {
    rent: { amount: 12_000_000, currency: 'KZT' },
    price: { amount: 150_001, currency: 'RUB' },
    n: 21,
    date: '2026-12-01',
    person: { last: 'Ахметов', first: 'Нурлан', middle: 'Серикович' },
    woman: { last: 'Петрова', first: 'Анна', middle: 'Ивановна' },
  }
  it('amounts in words, Russian and Kazakh', () => {
    expect(plainText(body(para(field('rent', 'amountWords'))), values)).toBe('сто двадцать тысяч тенге 00 тиын')
    expect(plainText(body(para(field('rent', 'amountWords'))), values, 'kk')).toBe('жүз жиырма мың теңге 00 тиын')
    expect(plainText(body(para(field('rent', 'amountWords', 'kk'))), values, 'ru')).toBe('жүз жиырма мың теңге 00 тиын')
    expect(plainText(body(para(field('rent', 'amountFull'))), values)).toBe('120\u00a0000,00 (сто двадцать тысяч тенге 00 тиын)')
    expect(plainText(body(para(field('price', 'amountWords'))), values)).toBe('одна тысяча пятьсот рублей 01 копейка')
    expect(plainText(body(para(field('rent'))), values)).toBe('120\u00a0000,00 тенге')
  })

  it('numbers and dates in words, names declined and initials', () => {
    expect(plainText(body(para(field('n', 'numberWords'))), values)).toBe('двадцать один')
    expect(plainText(body(para(field('date'))), values)).toBe('01.12.2026')
    expect(plainText(body(para(field('date', 'dateWords'))), values)).toBe('первое декабря две тысячи двадцать шестого года')
    expect(plainText(body(para(field('date', 'dateWords'))), values, 'kk')).toBe('2026 жылғы 1 желтоқсан')
    expect(plainText(body(para(text('в лице '), field('person', 'genitive'))), values)).toBe('в лице Ахметова Нурлана Сериковича')
    expect(plainText(body(para(field('woman', 'dative'))), values)).toBe('Петровой Анне Ивановне')
    expect(plainText(body(para(field('person', 'initials'))), values)).toBe('Ахметов Н. С.')
  })

  it('a value a helper cannot put in words prints in figures; a missing value prints a blank line', () => {
    expect(plainText(body(para(field('old', 'dateWords'))), { old: '1999-05-01' })).toBe('01.05.1999')
    expect(plainText(body(para(field('huge', 'numberWords'))), { huge: 1e20 })).toBe('100\u00a0000\u00a0000\u00a0000\u00a0000\u00a0000\u00a0000')
    expect(plainText(body(para(text('ИИН: '), field('nobody.iin'))), {})).toBe('ИИН: ________')
  })
})

describe('renderHtml', () => {
  it('escapes every value: a «<script>» answer prints as text', () => {
    const html = renderHtml(body(para(field('name')), para(text('<b>literal</b> & "q"'))), { name: '<script>alert(1)</script>' }, { locale: 'ru' })
    expect(html).toBe(
      '<p><span class="d24-field" data-field="name">&lt;script&gt;alert(1)&lt;/script&gt;</span></p><p>&lt;b&gt;literal&lt;/b&gt; &amp; &quot;q&quot;</p>',
    )
    expect(html).not.toContain('<script')
  })

  it('hidden clauses are absent from the markup; shown ones print their content', () => {
    const b = body(
      { type: 'clause', attrs: { condition: { key: 'deposit', op: 'eq', value: true } }, content: [para(text('С залогом'))] },
      { type: 'clause', attrs: { condition: { not: { key: 'deposit', op: 'eq', value: true } } }, content: [para(text('Без залога'))] },
    )
    expect(renderHtml(b, { deposit: false }, { locale: 'ru' })).toBe('<p>Без залога</p>')
    expect(renderHtml(b, { deposit: true }, { locale: 'ru' })).toBe('<p>С залогом</p>')
  })

  it('the lease: repeats a table row per item, numbers them, hides the deposit clause, prints kk in its column', () => {
    const values = resolveValues(leaseQuestionnaire, leaseAnswers, { region: 'kz' })
    const html = renderHtml(leaseBody, values, { locale: 'ru', questionnaire: leaseQuestionnaire })
    expect(html).toContain('<td lang="kk">')
    expect(html).toContain('Стол офисный')
    expect(html).toMatch(/<td><p><span class="d24-field" data-field="\$n">2<\/span><\/p><\/td><td><p><span class="d24-field" data-field="name">Кресло/)
    expect(html).toContain('сто восемьдесят тысяч тенге 00 тиын')
    expect(html).toContain('жүз сексен мың теңге 00 тиын')
    expect(html).toContain('134\u00a0400,00 (сто тридцать четыре тысячи четыреста тенге 00 тиын)')
    expect(html).toContain('вносится <span class="d24-field" data-field="payment">ежемесячно</span>')
    expect(html).toContain('<span class="d24-field" data-field="payment">ай сайын</span>')
    expect(html).toContain('Обеспечительный платёж не предусмотрен.')
    expect(html).not.toContain('Арендатор вносит обеспечительный платёж')
    expect(html).not.toContain('IBAN')
    expect(html).toContain('В том числе НДС 12%')
    const noVat = renderHtml(leaseBody, resolveValues(leaseQuestionnaire, { ...leaseAnswers, vatPayer: false, items: [] }, { region: 'kz' }), { locale: 'ru' })
    expect(noVat).not.toContain('НДС')
    expect(noVat).not.toContain('Передаваемое имущество')
  })

  it('a repeat block over a group, with $n and the outer values in scope', () => {
    const b = body({ type: 'repeat', attrs: { group: 'parties' }, content: [para(field('$n'), text('. '), field('name'), text(' — '), field('city'))] })
    expect(plainText(b, { city: 'Алматы', parties: [{ name: 'А' }, { name: 'Б', city: 'Астана' }] })).toBe('1. А — Алматы\n2. Б — Астана')
  })

  it('is deterministic: the same input renders the same bytes', () => {
    const values = resolveValues(leaseQuestionnaire, leaseAnswers, { region: 'kz' })
    expect(renderHtml(leaseBody, values, { locale: 'kk' })).toBe(renderHtml(leaseBody, structuredClone(values), { locale: 'kk' }))
  })
})

describe('hostile bodies', () => {
  it('deep nesting is refused before parsing; so is a body too large', () => {
    let node: unknown = para(text('x'))
    for (let i = 0; i < 50_000; i++) node = { type: 'clause', attrs: { condition: { key: 'a', op: 'isEmpty' } }, content: [node] }
    expect(ZTemplateBodySchema.safeParse({ type: 'doc', content: [node] }).success).toBe(false)
    const wide = { type: 'doc', content: Array.from({ length: 30_000 }, () => para(text('x'))) }
    expect(ZTemplateBodySchema.safeParse(wide).success).toBe(false)
  })

  it('a field key cannot reach the prototype; a repeat over a huge list prints at most the bound', () => {
    expect(ZTemplateBodySchema.safeParse({ type: 'doc', content: [para(field('__proto__'))] }).success).toBe(false)
    expect(plainText(body(para(field('x.constructor'))), { x: {} })).toBe('________')
    const b = body({ type: 'repeat', attrs: { group: 'g' }, content: [para(field('$n'))] })
    expect(expandBody(b, { g: Array.from({ length: 100_000 }, () => ({})) }, { lang: 'ru' })).toHaveLength(200)
  })

  it('an unknown node type is refused', () => {
    expect(ZTemplateBodySchema.safeParse({ type: 'doc', content: [{ type: 'script', content: [] }] }).success).toBe(false)
    expect(ZQuestionnaireSchema.safeParse({ pages: [] }).success).toBe(false)
  })
})
