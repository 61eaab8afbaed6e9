import jsep from 'jsep'

/**
 * The constructor's expression language: computed fields of a template («total + vat»,
 * «addDays(startDate, 30)», «sum(items.price)») written by lawyers and evaluated while a
 * person fills the questionnaire (live preview in the browser) and when the document is
 * generated (server). Both sides run this one module, so they agree.
 *
 * jsep parses; this module decides what is allowed and evaluates the tree itself. Nothing is
 * ever handed to eval or Function, no property is read that the answers do not own
 * (no __proto__, constructor, prototype), only the functions listed below can be called,
 * and every expression is bounded: length, nesting and evaluation steps.
 *
 * Values are the answers' JSON: numbers (money as integer minor units), strings (dates as
 * YYYY-MM-DD), booleans, null (not answered), lists (repeating groups) and records. A missing
 * answer makes arithmetic null rather than wrong: the preview shows a blank, not «NaN».
 * `items.price` over a list of records reads the field of every record, for sum() and count().
 */

export type TExprValue = number | string | boolean | null | TExprValue[] | { [key: string]: TExprValue }
export type TExprScope = Readonly<Record<string, TExprValue | undefined>>

export const EXPRESSION_LIMITS = { maxLength: 1000, maxDepth: 64, maxSteps: 20_000 } as const

export type TExprErrorCode = 'too_long' | 'too_deep' | 'syntax' | 'not_allowed' | 'unknown_function' | 'arity' | 'type' | 'too_much_work'

export class ExpressionError extends Error {
  constructor(
    readonly code: TExprErrorCode,
    message: string,
    /** Character offset in the source where known (syntax errors). */
    readonly at?: number,
  ) {
    super(message)
    this.name = 'ExpressionError'
  }
}

type TNode = jsep.Expression

const BINARY = new Set(['+', '-', '*', '/', '%', '==', '!=', '===', '!==', '<', '<=', '>', '>=', '&&', '||'])
const UNARY = new Set(['-', '+', '!'])
const FORBIDDEN_KEYS = new Set(['__proto__', 'prototype', 'constructor'])
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/

type TFn = { arity: [number, number]; call: (args: TExprValue[]) => TExprValue }

function num(v: TExprValue): number | null {
  return typeof v === 'number' && Number.isFinite(v) ? v : null
}

function list(v: TExprValue): TExprValue[] {
  if (v === null) return []
  if (!Array.isArray(v)) throw new ExpressionError('type', 'a list was expected')
  return v
}

function parseDate(v: TExprValue): Date | null {
  if (typeof v !== 'string') return null
  const m = ISO_DATE.exec(v)
  if (!m) return null
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])))
  return d.getUTCDate() === Number(m[3]) ? d : null
}

const isoDate = (d: Date) => d.toISOString().slice(0, 10)

/** Rounds half away from zero (as accountants do), to `digits` decimals. */
function roundHalfAway(x: number, digits: number): number {
  const f = 10 ** digits
  const r = Math.sign(x) * Math.round(Math.abs(x) * f + Number.EPSILON * Math.abs(x) * f) / f
  return Object.is(r, -0) ? 0 : r
}

/** A function of one number; a missing or non-numeric answer gives null. */
function onNumber(f: (x: number) => number): TFn {
  return {
    arity: [1, 1],
    call: ([x]) => {
      const v = num(x!)
      return v === null ? null : f(v)
    },
  }
}

const FUNCTIONS: Record<string, TFn> = {
  sum: { arity: [1, 1], call: ([l]) => list(l!).reduce<number>((a, v) => a + (num(v) ?? 0), 0) },
  count: { arity: [1, 1], call: ([l]) => list(l!).filter((v) => v !== null && v !== '').length },
  min: { arity: [1, 20], call: (args) => pick(args, Math.min) },
  max: { arity: [1, 20], call: (args) => pick(args, Math.max) },
  abs: onNumber(Math.abs),
  round: {
    arity: [1, 2],
    call: ([x, d]) => {
      const v = num(x!)
      const digits = d === undefined ? 0 : num(d)
      if (v === null || digits === null || !Number.isInteger(digits) || digits < 0 || digits > 6) return null
      return roundHalfAway(v, digits)
    },
  },
  floor: onNumber(Math.floor),
  ceil: onNumber(Math.ceil),
  addDays: {
    arity: [2, 2],
    call: ([date, n]) => {
      const d = parseDate(date!)
      const days = num(n!)
      if (!d || days === null || !Number.isInteger(days) || Math.abs(days) > 100_000) return null
      d.setUTCDate(d.getUTCDate() + days)
      return isoDate(d)
    },
  },
  addMonths: {
    arity: [2, 2],
    call: ([date, n]) => {
      const d = parseDate(date!)
      const months = num(n!)
      if (!d || months === null || !Number.isInteger(months) || Math.abs(months) > 12_000) return null
      // The 31st plus one month is the last day of the next month, not the 1st after it.
      const day = d.getUTCDate()
      d.setUTCDate(1)
      d.setUTCMonth(d.getUTCMonth() + months)
      const last = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate()
      d.setUTCDate(Math.min(day, last))
      return isoDate(d)
    },
  },
  daysBetween: {
    arity: [2, 2],
    call: ([a, b]) => {
      const x = parseDate(a!)
      const y = parseDate(b!)
      return x && y ? Math.round((y.getTime() - x.getTime()) / 86_400_000) : null
    },
  },
  /** «is one of»: oneOf(status, "ip", "too") */
  oneOf: { arity: [2, 50], call: ([x, ...options]) => options.includes(x!) },
  /** A list (multiple choice) holds a value. */
  contains: { arity: [2, 2], call: ([l, x]) => list(l!).includes(x!) },
  isEmpty: { arity: [1, 1], call: ([x]) => x === null || x === '' || (Array.isArray(x) && x.length === 0) },
}

function pick(args: TExprValue[], f: (...n: number[]) => number): TExprValue {
  const values = (args.length === 1 && Array.isArray(args[0]) ? args[0] : args).map(num).filter((v): v is number => v !== null)
  return values.length ? f(...values) : null
}

/** Names of the functions expressions may call, for the editor's help. */
export const EXPRESSION_FUNCTIONS = Object.keys(FUNCTIONS)

export interface TCompiled {
  source: string
  /** The answers the expression reads: the first name of every path («party» for «party.name»). */
  reads: string[]
  evaluate(scope: TExprScope): TExprValue
}

function nesting(src: string): number {
  let depth = 0
  let max = 0
  let quote: string | null = null
  for (let i = 0; i < src.length; i++) {
    const c = src[i]!
    if (quote) {
      if (c === '\\') i++
      else if (c === quote) quote = null
    } else if (c === '"' || c === "'") quote = c
    else if (c === '(' || c === '[') max = Math.max(max, ++depth)
    else if (c === ')' || c === ']') depth--
  }
  return max
}

function check(node: TNode, depth: number, reads: Set<string>): void {
  if (depth > EXPRESSION_LIMITS.maxDepth) throw new ExpressionError('too_deep', 'the expression is nested too deeply')
  switch (node.type) {
    case 'Literal': {
      const v = (node as jsep.Literal).value
      if (v !== null && typeof v !== 'number' && typeof v !== 'string' && typeof v !== 'boolean') throw new ExpressionError('not_allowed', 'only numbers, text, true, false and null are literals')
      return
    }
    case 'Identifier':
      if (FORBIDDEN_KEYS.has((node as jsep.Identifier).name)) throw new ExpressionError('not_allowed', `«${(node as jsep.Identifier).name}» cannot be used`)
      reads.add((node as jsep.Identifier).name)
      return
    case 'MemberExpression': {
      const m = node as jsep.MemberExpression
      if (!m.computed) {
        const key = (m.property as jsep.Identifier).name
        if (FORBIDDEN_KEYS.has(key)) throw new ExpressionError('not_allowed', `«${key}» cannot be used`)
      } else check(m.property, depth + 1, reads)
      if (m.object.type !== 'Identifier' && m.object.type !== 'MemberExpression') throw new ExpressionError('not_allowed', 'only answers have fields')
      check(m.object, depth + 1, reads)
      return
    }
    case 'BinaryExpression': {
      const b = node as jsep.BinaryExpression
      if (!BINARY.has(b.operator)) throw new ExpressionError('not_allowed', `the operator «${b.operator}» is not available`)
      check(b.left, depth + 1, reads)
      check(b.right, depth + 1, reads)
      return
    }
    case 'UnaryExpression': {
      const u = node as jsep.UnaryExpression
      if (!UNARY.has(u.operator)) throw new ExpressionError('not_allowed', `the operator «${u.operator}» is not available`)
      check(u.argument, depth + 1, reads)
      return
    }
    case 'ConditionalExpression': {
      const c = node as jsep.ConditionalExpression
      check(c.test, depth + 1, reads)
      check(c.consequent, depth + 1, reads)
      check(c.alternate, depth + 1, reads)
      return
    }
    case 'CallExpression': {
      const c = node as jsep.CallExpression
      if (c.callee.type !== 'Identifier') throw new ExpressionError('not_allowed', 'only the listed functions can be called')
      const name = (c.callee as jsep.Identifier).name
      const fn = Object.hasOwn(FUNCTIONS, name) ? FUNCTIONS[name] : undefined
      if (!fn) throw new ExpressionError('unknown_function', `there is no function «${name}»`)
      if (c.arguments.length < fn.arity[0] || c.arguments.length > fn.arity[1]) throw new ExpressionError('arity', `«${name}» takes ${fn.arity[0] === fn.arity[1] ? fn.arity[0] : `${fn.arity[0]}–${fn.arity[1]}`} values`)
      for (const a of c.arguments) check(a, depth + 1, reads)
      return
    }
    case 'ArrayExpression':
      for (const e of (node as jsep.ArrayExpression).elements) if (e) check(e, depth + 1, reads)
      return
    default:
      throw new ExpressionError('not_allowed', `«${node.type}» is not part of the expression language`)
  }
}

function truthy(v: TExprValue): boolean {
  if (Array.isArray(v)) return v.length > 0
  return Boolean(v)
}

function read(object: TExprValue | undefined, key: string | number): TExprValue {
  if (object === null || object === undefined) return null
  if (Array.isArray(object)) {
    if (typeof key === 'number') return Number.isInteger(key) && key >= 0 && key < object.length ? object[key]! : null
    // items.price: the field of every item, for sum()/count().
    return object.map((item) => read(item, key))
  }
  if (typeof object === 'object' && typeof key === 'string' && !FORBIDDEN_KEYS.has(key) && Object.hasOwn(object, key)) return object[key] ?? null
  return null
}

function arithmetic(op: string, a: TExprValue, b: TExprValue): TExprValue {
  if (op === '+' && (typeof a === 'string' || typeof b === 'string')) return `${a ?? ''}${b ?? ''}`
  const x = num(a)
  const y = num(b)
  if (x === null || y === null) return null
  let r: number
  switch (op) {
    case '+': r = x + y; break
    case '-': r = x - y; break
    case '*': r = x * y; break
    case '/': if (y === 0) return null; r = x / y; break
    default: if (y === 0) return null; r = x % y
  }
  return Number.isFinite(r) ? r : null
}

function compare(op: string, a: TExprValue, b: TExprValue): boolean {
  switch (op) {
    case '==':
    case '===':
      return a === b
    case '!=':
    case '!==':
      return a !== b
  }
  // Order compares numbers with numbers and text (ISO dates too) with text; anything else is false.
  if (!((typeof a === 'number' && typeof b === 'number') || (typeof a === 'string' && typeof b === 'string'))) return false
  switch (op) {
    case '<': return a < b
    case '<=': return a <= b
    case '>': return a > b
    default: return a >= b
  }
}

/** Parses and checks an expression; throws ExpressionError with a reason the editor shows. */
export function compileExpression(source: string): TCompiled {
  if (source.length > EXPRESSION_LIMITS.maxLength) throw new ExpressionError('too_long', `an expression has at most ${EXPRESSION_LIMITS.maxLength} characters`)
  if (nesting(source) > EXPRESSION_LIMITS.maxDepth) throw new ExpressionError('too_deep', 'the expression is nested too deeply')
  let ast: TNode
  try {
    ast = jsep(source)
  } catch (e) {
    const err = e as { description?: string; index?: number; message?: string }
    throw new ExpressionError('syntax', err.description ?? err.message ?? 'syntax error', err.index)
  }
  if (ast.type === 'Compound') throw new ExpressionError('not_allowed', 'one expression only')
  const reads = new Set<string>()
  check(ast, 0, reads)

  return {
    source,
    reads: [...reads],
    evaluate(scope) {
      // The language has no loops, but a field over a long list or a function over it costs one
      // step per item: the bound covers the answers' size, not only the expression's.
      let steps = 0
      const charge = (n: number) => {
        steps += n
        if (steps > EXPRESSION_LIMITS.maxSteps) throw new ExpressionError('too_much_work', 'the expression takes too long to compute')
      }
      const ev = (node: TNode): TExprValue => {
        charge(1)
        switch (node.type) {
          case 'Literal':
            return (node as jsep.Literal).value as TExprValue
          case 'Identifier': {
            const name = (node as jsep.Identifier).name
            if (name === 'true') return true
            if (name === 'false') return false
            return Object.hasOwn(scope, name) ? (scope[name] ?? null) : null
          }
          case 'MemberExpression': {
            const m = node as jsep.MemberExpression
            const object = ev(m.object)
            if (Array.isArray(object)) charge(object.length)
            if (!m.computed) return read(object, (m.property as jsep.Identifier).name)
            const key = ev(m.property)
            return typeof key === 'number' || typeof key === 'string' ? read(object, key) : null
          }
          case 'UnaryExpression': {
            const u = node as jsep.UnaryExpression
            const v = ev(u.argument)
            if (u.operator === '!') return !truthy(v)
            const n = num(v)
            return n === null ? null : u.operator === '-' ? -n : n
          }
          case 'BinaryExpression': {
            const b = node as jsep.BinaryExpression
            if (b.operator === '&&') return truthy(ev(b.left)) && truthy(ev(b.right))
            if (b.operator === '||') return truthy(ev(b.left)) || truthy(ev(b.right))
            const left = ev(b.left)
            const right = ev(b.right)
            return '+-*/%'.includes(b.operator) ? arithmetic(b.operator, left, right) : compare(b.operator, left, right)
          }
          case 'ConditionalExpression': {
            const c = node as jsep.ConditionalExpression
            return truthy(ev(c.test)) ? ev(c.consequent) : ev(c.alternate)
          }
          case 'CallExpression': {
            const c = node as jsep.CallExpression
            const fn = FUNCTIONS[(c.callee as jsep.Identifier).name]!
            const args = c.arguments.map(ev)
            for (const a of args) if (Array.isArray(a)) charge(a.length)
            return fn.call(args)
          }
          case 'ArrayExpression':
            return (node as jsep.ArrayExpression).elements.map((e) => (e ? ev(e) : null))
          default:
            throw new ExpressionError('not_allowed', `«${node.type}» is not part of the expression language`)
        }
      }
      return ev(ast)
    },
  }
}

/**
 * The order to compute a template's computed fields in, each after the fields it reads, or the
 * fields that form a cycle («total» reads «vat» reads «total»): publishing refuses those.
 */
export function orderComputed(fields: ReadonlyArray<{ name: string; reads: readonly string[] }>): { order: string[] } | { cycle: string[] } {
  const byName = new Map(fields.map((f) => [f.name, f]))
  const state = new Map<string, 'visiting' | 'done'>()
  const order: string[] = []
  const path: string[] = []
  const visit = (name: string): string[] | undefined => {
    const s = state.get(name)
    if (s === 'done') return undefined
    if (s === 'visiting') return [...path.slice(path.indexOf(name)), name]
    state.set(name, 'visiting')
    path.push(name)
    for (const dep of byName.get(name)!.reads) {
      if (!byName.has(dep)) continue
      const cycle = visit(dep)
      if (cycle) return cycle
    }
    path.pop()
    state.set(name, 'done')
    order.push(name)
    return undefined
  }
  for (const f of fields) {
    const cycle = visit(f.name)
    if (cycle) return { cycle }
  }
  return { order }
}
