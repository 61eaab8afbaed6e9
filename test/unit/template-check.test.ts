import { describe, expect, it } from 'vitest'
import { ZQuestionnaireSchema, type TQuestionnaire } from '../../shared/questionnaire'
import { ZTemplateBodySchema, type TTemplateBody } from '../../shared/template-body'
import { checkTemplate } from '../../shared/template-check'
import { leaseBody, leaseQuestionnaire } from '../helpers/lease-template'

const body = (...content: unknown[]): TTemplateBody => ZTemplateBodySchema.parse({ type: 'doc', content })
const para = (...content: unknown[]) => ({ type: 'paragraph', content })
const field = (key: string) => ({ type: 'field', attrs: { key } })
const text = (t: string) => ({ type: 'text', text: t })
const column = (lang: string, ...content: unknown[]) => ({ type: 'bilingualColumn', attrs: { lang }, content })

function q(over: Partial<{ questions: unknown[]; computed: unknown[]; pageCondition: unknown }> = {}): TQuestionnaire {
  return ZQuestionnaireSchema.parse({
    pages: [
      {
        id: 'p',
        title: { ru: 'P' },
        ...(over.pageCondition ? { condition: over.pageCondition } : {}),
        questions: over.questions ?? [
          { key: 'price', type: 'number', label: { ru: 'Цена' } },
          { key: 'items', type: 'group', label: { ru: 'Товары' }, questions: [{ key: 'name', type: 'text', label: { ru: 'Название' } }] },
        ],
      },
    ],
    computed: over.computed ?? [],
  })
}
const codes = (b: TTemplateBody, questionnaire: TQuestionnaire, bilingual = false, labels = false) =>
  checkTemplate(b, questionnaire, { bilingual }).filter((p) => labels || p.code !== 'kk_label_missing').map((p) => `${p.code}:${p.key ?? ''}`)

describe('checkTemplate', () => {
  it('the lease template has no problems', () => {
    expect(checkTemplate(leaseBody, leaseQuestionnaire, { bilingual: true })).toEqual([])
  })

  it('a field token with no question, and a group member outside its repeat', () => {
    const problems = checkTemplate(body(para(text('Цена: '), field('prise')), para(field('name'))), q(), { bilingual: false })
    expect(problems).toEqual([
      { code: 'unknown_field', path: 'body.content.0.content.1', key: 'prise' },
      { code: 'unknown_field', path: 'body.content.1.content.0', key: 'name' },
    ])
    expect(codes(body({ type: 'repeat', attrs: { group: 'items' }, content: [para(field('$n'), field('name'), field('price'))] }), q())).toEqual([])
  })

  it('a circular computed field, an expression that does not parse, one reading an unknown key', () => {
    const questionnaire = q({
      computed: [
        { key: 'total', expression: 'vat + price' },
        { key: 'vat', expression: 'total * 0.12' },
        { key: 'bad', expression: 'price +' },
        { key: 'typo', expression: 'prise * 2' },
      ],
    })
    expect(codes(body(para(field('total'))), questionnaire)).toEqual(['expression_invalid:bad', 'expression_unknown_key:typo', 'computed_cycle:total'])
    const cycle = checkTemplate(body(), questionnaire, { bilingual: false }).find((p) => p.code === 'computed_cycle')
    expect(cycle?.detail).toBe('total → vat → total')
  })

  it('a condition on a missing question: in a clause, a list item, a question, a page', () => {
    const b = body(
      { type: 'clause', attrs: { condition: { key: 'deposit', op: 'eq', value: true } }, content: [para(text('x'))] },
      { type: 'bulletList', content: [{ type: 'listItem', attrs: { condition: { any: [{ key: 'price', op: 'gt', value: 1 }, { key: 'ghost', op: 'isEmpty' }] } }, content: [para(text('y'))] }] },
    )
    const questionnaire = q({
      pageCondition: { key: 'nowhere', op: 'isEmpty' },
      questions: [{ key: 'price', type: 'number', label: { ru: 'Цена' }, condition: { key: 'missing', op: 'eq', value: 1 } }],
    })
    expect(codes(b, questionnaire)).toEqual(['condition_unknown_key:nowhere', 'condition_unknown_key:missing', 'condition_unknown_key:deposit', 'condition_unknown_key:ghost'])
  })

  it('a question condition on a computed field is refused (computed fields follow the answers)', () => {
    expect(codes(body(), q({ questions: [{ key: 'a', type: 'number', label: { ru: 'A' }, condition: { key: 'c', op: 'gt', value: 1 } }], computed: [{ key: 'c', expression: '1' }] }))).toEqual([
      'condition_on_computed:c',
    ])
  })

  it('a repeat over a key that is not a group, a table row repeating over a plain question, a nested repeat', () => {
    const b = body(
      { type: 'repeat', attrs: { group: 'price' }, content: [para(text('x'))] },
      { type: 'table', content: [{ type: 'tableRow', attrs: { repeat: 'nothing' }, content: [{ type: 'tableCell', content: [para(text('x'))] }] }] },
      { type: 'repeat', attrs: { group: 'items' }, content: [{ type: 'repeat', attrs: { group: 'items' }, content: [] }] },
    )
    expect(codes(b, q())).toEqual(['repeat_not_group:price', 'repeat_not_group:nothing', 'repeat_nested:items'])
  })

  it('bilingual: no bilingual block, a kk column missing, a kk column empty', () => {
    expect(codes(body(para(text('Только по-русски'))), q(), true, true)).toEqual(['kk_label_missing:p', 'kk_label_missing:price', 'kk_label_missing:items', 'kk_label_missing:name', 'bilingual_missing:'])
    expect(codes(body({ type: 'bilingual', content: [column('ru', para(text('Текст')))] }), q(), true)).toEqual(['kk_missing:'])
    expect(codes(body({ type: 'bilingual', content: [column('ru', para(text('Текст'))), column('kk', para(text('   ')), para())] }), q(), true)).toEqual(['kk_empty:'])
    expect(codes(body({ type: 'bilingual', content: [column('ru', para(text('Текст'))), column('kk', para(field('price')))] }), q(), true)).toEqual([])
    // A template that is not bilingual may hold no columns at all.
    expect(codes(body(para(text('Текст'))), q(), false)).toEqual([])
  })

  it('duplicate keys, min above max, a broken or backtracking pattern, duplicate options', () => {
    const questionnaire = q({
      questions: [
        { key: 'a', type: 'number', label: { ru: 'A' }, min: 5, max: 1 },
        { key: 'a', type: 'text', label: { ru: 'A' }, pattern: '([a-z]' },
        { key: 'b', type: 'text', label: { ru: 'B' }, pattern: '(\\d+)*x' },
        { key: 'c', type: 'choice', label: { ru: 'C' }, options: [{ value: 'x', label: { ru: 'X' } }, { value: 'x', label: { ru: 'Y' } }] },
      ],
      computed: [{ key: 'c', expression: '1' }],
    })
    expect(codes(body(), questionnaire)).toEqual(['limits_invalid:a', 'duplicate_key:a', 'pattern_invalid:a', 'pattern_invalid:b', 'option_duplicate:c', 'duplicate_key:c'])
  })
})
