import { describe, expect, it } from 'vitest'
import { compileExpression, EXPRESSION_LIMITS, ExpressionError, orderComputed, type TExprScope } from '../../shared/expressions'

const answers: TExprScope = {
  price: 12_000_000,
  rate: 12,
  startDate: '2026-01-31',
  endDate: '2026-03-02',
  party: { kind: 'company', name: 'ТОО «Ромашка»' },
  items: [
    { name: 'Стол', price: 50_000, qty: 2 },
    { name: 'Стул', price: 15_050, qty: 4 },
    { name: 'Без цены', price: null, qty: 1 },
  ],
  services: ['audit', 'tax'],
  unanswered: null,
}

const run = (src: string, scope: TExprScope = answers) => compileExpression(src).evaluate(scope)
const code = (f: () => unknown) => {
  try {
    f()
  } catch (e) {
    if (e instanceof ExpressionError) return e.code
    throw e
  }
  return 'no error'
}

describe('expressions: what lawyers write', () => {
  it.each([
    ['price + round(price * rate / 100)', 13_440_000],
    ['round(price * 12 / 112)', 1_285_714],
    ['sum(items.price)', 65_050],
    ['count(items.price)', 2],
    ['items[1].price * items[1].qty', 60_200],
    ['max(items.price)', 50_000],
    ['min(3, 1, 2)', 1],
    ['addDays(startDate, 30)', '2026-03-02'],
    ['addMonths(startDate, 1)', '2026-02-28'],
    ['addMonths("2028-01-31", 1)', '2028-02-29'],
    ['daysBetween(startDate, endDate)', 30],
    ['party.kind == "company" ? party.name : "—"', 'ТОО «Ромашка»'],
    ['oneOf(party.kind, "ip", "company")', true],
    ['contains(services, "tax") && !contains(services, "legal")', true],
    ['endDate > startDate', true],
    ['"№ " + 15', '№ 15'],
    ['round(2.5)', 3],
    ['round(-2.5)', -3],
    ['round(1.005, 2)', 1.01],
    ['isEmpty(unanswered) && isEmpty(nothingHere)', true],
  ] as const)('%s → %s', (src, want) => expect(run(src)).toEqual(want))

  it('a missing answer gives null, not NaN or an error', () => {
    expect(run('unanswered * 2')).toBeNull()
    expect(run('nothingHere + 1')).toBeNull()
    expect(run('price / 0')).toBeNull()
    expect(run('addDays(unanswered, 3)')).toBeNull()
    expect(run('addDays("2026-02-30", 3)')).toBeNull()
    expect(run('unanswered > 1')).toBe(false)
  })

  it('names what it reads, for dependency checks', () => {
    expect(compileExpression('sum(items.price) + vat - party.discount').reads.sort()).toEqual(['items', 'party', 'vat'])
  })
})

describe('expressions: hostile input', () => {
  it.each([
    ['constructor', 'not_allowed'],
    ['party.constructor', 'not_allowed'],
    ['party.__proto__', 'not_allowed'],
    ['items.prototype', 'not_allowed'],
    ['this', 'not_allowed'],
    ['eval("1")', 'unknown_function'],
    ['Function("return 1")()', 'not_allowed'],
    ['party.name.toString()', 'not_allowed'],
    ['toString()', 'unknown_function'],
    ['hasOwnProperty("x")', 'unknown_function'],
    ['price = 1', 'syntax'],
    ['a; b', 'not_allowed'],
    ['price << 2', 'not_allowed'],
    ['~price', 'not_allowed'],
    ['round(1, 2, 3)', 'arity'],
    ['(', 'syntax'],
  ])('%s is refused (%s)', (src, want) => expect(code(() => compileExpression(src))).toBe(want))

  it('a computed key cannot reach what the answers do not own', () => {
    expect(run('party["constructor"]')).toBeNull()
    expect(run('party["__proto__"]')).toBeNull()
    expect(run('items["length"]')).toEqual([null, null, null])
    expect(run('party["name"]')).toBe('ТОО «Ромашка»')
  })

  it('bounds length, nesting and work', () => {
    expect(code(() => compileExpression('1+'.repeat(EXPRESSION_LIMITS.maxLength) + '1'))).toBe('too_long')
    expect(code(() => compileExpression('('.repeat(200) + '1' + ')'.repeat(200)))).toBe('too_deep')
    expect(code(() => compileExpression('('.repeat(100_000)))).toBe('too_long')
    expect(code(() => compileExpression(Array.from({ length: 100 }, () => 'price').join('+')))).toBe('too_deep')
    const huge = Array.from({ length: 5_000 }, (_, i) => ({ v: i }))
    const heavy = compileExpression(Array.from({ length: 10 }, () => 'sum(a.v)').join(' + '))
    expect(code(() => heavy.evaluate({ a: huge }))).toBe('too_much_work')
    expect(heavy.evaluate({ a: huge.slice(0, 100) })).toBe(10 * 4_950)
  })
})

describe('orderComputed', () => {
  it('orders fields after what they read', () => {
    const r = orderComputed([
      { name: 'total', reads: ['net', 'vat'] },
      { name: 'vat', reads: ['net', 'rate'] },
      { name: 'net', reads: ['items'] },
    ])
    expect(r).toEqual({ order: ['net', 'vat', 'total'] })
  })

  it('names the cycle', () => {
    const r = orderComputed([
      { name: 'a', reads: ['b'] },
      { name: 'b', reads: ['c'] },
      { name: 'c', reads: ['a'] },
      { name: 'd', reads: [] },
    ])
    expect(r).toEqual({ cycle: ['a', 'b', 'c', 'a'] })
    expect(orderComputed([{ name: 'self', reads: ['self'] }])).toEqual({ cycle: ['self', 'self'] })
  })
})
