import { isValidBic, isValidIban, isValidRuAccount, isValidRuBik, isValidRuCorrAccount } from './bank-details'
import { isValidBin, isValidIin, isValidInn, isValidInn12, isValidOgrn, isValidOgrnip } from './identity-numbers'
import type { TRegionCode } from './locales'
import { QUESTIONNAIRE_LIMITS, type TCurrency, type TQuestion, type TQuestionnaire, type TSimpleQuestion } from './questionnaire'
import { isEmptyValue, moneyCurrencies, visibility, withDefaults, type TAnswers } from './questionnaire-logic'
import { validationMessageKey, validationText, type TValidationCode } from './questionnaire-messages'

/**
 * The one validation of answers, run by the form while the person types and by the server
 * before it saves or generates. Only questions shown for these answers are checked; a path
 * names the field the error belongs to (`parties.1.iin`, `rent.amount`).
 *
 * Composite answers (person, company, address, bank details) are all-or-nothing: an optional
 * one left entirely empty passes, one begun must be complete, a required one must be.
 * `partial` (autosave of a half-filled questionnaire) skips «required» and minimum counts
 * but still refuses wrong values: a bad IIN is not saved as if it were right.
 */

export interface TFieldError {
  path: string
  code: TValidationCode
  /** The i18n key (`questionnaire.errors.<code>`) and its text in the asked language. */
  message: string
  text: string
  params?: Record<string, string | number>
}

export interface TValidateOptions {
  locale: string
  region: TRegionCode
  partial?: boolean
}

export interface TValidationResult {
  ok: boolean
  errors: TFieldError[]
}

type TCtx = TValidateOptions & { errors: TFieldError[] }

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/
const FILE_ID = /^[A-Za-z0-9_-]{1,64}$/
// Nested quantifiers («(a+)+», «(\w*)*») backtrack exponentially: such a pattern is refused
// at publishing (template-check) and never run here, so a long answer cannot hang the server.
export const UNSAFE_PATTERN = /\([^)]*[+*}][^)]*\)\s*[+*{]/

function fail(ctx: TCtx, path: string, code: TValidationCode, params?: Record<string, string | number>): void {
  ctx.errors.push({ path, code, message: validationMessageKey(code), text: validationText(code, ctx.locale, params), ...(params ? { params } : {}) })
}

export function isCalendarDate(v: unknown): v is string {
  if (typeof v !== 'string') return false
  const m = ISO_DATE.exec(v)
  if (!m) return false
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])))
  return d.getUTCFullYear() === Number(m[1]) && d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3])
}

const isRecord = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v)
const field = (o: Record<string, unknown>, k: string): unknown => (Object.hasOwn(o, k) ? o[k] : undefined)
const str = (v: unknown): string => (typeof v === 'string' ? v.trim() : '')

/** Checks text subfields: `need` are required (unless partial), the rest optional; all bounded. */
function textParts(ctx: TCtx, path: string, o: Record<string, unknown>, need: string[], optional: string[]): void {
  for (const k of [...need, ...optional]) {
    const v = field(o, k)
    if (v !== undefined && v !== null && typeof v !== 'string') fail(ctx, `${path}.${k}`, 'type')
    else if (typeof v === 'string' && v.length > QUESTIONNAIRE_LIMITS.maxText) fail(ctx, `${path}.${k}`, 'maxLength', { max: QUESTIONNAIRE_LIMITS.maxText })
    else if (need.includes(k) && !ctx.partial && !str(v)) fail(ctx, `${path}.${k}`, 'required')
  }
}

/** A check of a number that people type with spaces: it runs only when something is typed. */
function checkNumber(ctx: TCtx, path: string, v: unknown, code: TValidationCode, ok: (s: string) => boolean): void {
  const s = str(v).replace(/\s+/g, '')
  if (s && !ok(s)) fail(ctx, path, code)
}

function checkAddress(ctx: TCtx, path: string, v: Record<string, unknown>): void {
  textParts(ctx, path, v, ['city', 'line'], ['postcode', 'region', 'country'])
}

function checkPerson(ctx: TCtx, path: string, v: Record<string, unknown>, ask: { identityNumber?: boolean; idDocument?: boolean; address?: boolean } = {}): void {
  textParts(ctx, path, v, ['last', 'first'], ['middle'])
  if (ctx.region === 'kz') {
    if (ask.identityNumber && !ctx.partial && !str(field(v, 'iin'))) fail(ctx, `${path}.iin`, 'required')
    checkNumber(ctx, `${path}.iin`, field(v, 'iin'), 'iin', isValidIin)
  } else {
    if (ask.identityNumber && !ctx.partial && !str(field(v, 'inn'))) fail(ctx, `${path}.inn`, 'required')
    checkNumber(ctx, `${path}.inn`, field(v, 'inn'), 'inn', isValidInn12)
  }
  const doc = field(v, 'idDocument')
  if (ask.idDocument || (doc !== undefined && doc !== null)) {
    if (!isRecord(doc)) {
      if (ask.idDocument && !ctx.partial) fail(ctx, `${path}.idDocument.number`, 'required')
    } else {
      textParts(ctx, `${path}.idDocument`, doc, ['number'], ['kind', 'issuedBy'])
      const issued = field(doc, 'issuedOn')
      if (issued !== undefined && issued !== null && issued !== '' && !isCalendarDate(issued)) fail(ctx, `${path}.idDocument.issuedOn`, 'date')
    }
  }
  const address = field(v, 'address')
  if (ask.address && !isRecord(address) && !ctx.partial) fail(ctx, `${path}.address.line`, 'required')
  if (isRecord(address) && (ask.address || !isEmptyValue(address))) checkAddress(ctx, `${path}.address`, address)
}

function checkCompany(ctx: TCtx, path: string, v: Record<string, unknown>, ask: { address?: boolean } = {}): void {
  textParts(ctx, path, v, ['name'], ['directorPosition', 'basis'])
  if (ctx.region === 'kz') {
    if (!ctx.partial && !str(field(v, 'bin'))) fail(ctx, `${path}.bin`, 'required')
    checkNumber(ctx, `${path}.bin`, field(v, 'bin'), 'bin', isValidBin)
  } else {
    for (const k of ['inn', 'ogrn']) if (!ctx.partial && !str(field(v, k))) fail(ctx, `${path}.${k}`, 'required')
    checkNumber(ctx, `${path}.inn`, field(v, 'inn'), 'inn', isValidInn)
    // An individual entrepreneur has a 15-digit OGRNIP, a company a 13-digit OGRN.
    checkNumber(ctx, `${path}.ogrn`, field(v, 'ogrn'), 'ogrn', (s) => isValidOgrn(s) || isValidOgrnip(s))
    checkNumber(ctx, `${path}.kpp`, field(v, 'kpp'), 'kpp', (s) => /^\d{4}[\dA-Z]{2}\d{3}$/.test(s))
  }
  const director = field(v, 'director')
  if (director !== undefined && director !== null) {
    if (!isRecord(director)) fail(ctx, `${path}.director`, 'type')
    else if (!isEmptyValue(director)) textParts(ctx, `${path}.director`, director, ['last', 'first'], ['middle'])
  }
  const address = field(v, 'address')
  if (ask.address && !isRecord(address) && !ctx.partial) fail(ctx, `${path}.address.line`, 'required')
  if (isRecord(address) && (ask.address || !isEmptyValue(address))) checkAddress(ctx, `${path}.address`, address)
}

function checkBank(ctx: TCtx, path: string, v: Record<string, unknown>): void {
  if (ctx.region === 'kz') {
    textParts(ctx, path, v, ['bankName', 'iban', 'bic'], [])
    checkNumber(ctx, `${path}.iban`, field(v, 'iban'), 'iban', (s) => isValidIban(s, 'KZ'))
    checkNumber(ctx, `${path}.bic`, field(v, 'bic'), 'bic', (s) => isValidBic(s))
  } else {
    textParts(ctx, path, v, ['bankName', 'account', 'bik', 'corrAccount'], [])
    const bik = str(field(v, 'bik'))
    checkNumber(ctx, `${path}.bik`, bik, 'bik', isValidRuBik)
    if (isValidRuBik(bik)) {
      checkNumber(ctx, `${path}.account`, field(v, 'account'), 'account', (s) => isValidRuAccount(s, bik))
      checkNumber(ctx, `${path}.corrAccount`, field(v, 'corrAccount'), 'corrAccount', (s) => isValidRuCorrAccount(s, bik))
    }
  }
}

function checkText(ctx: TCtx, path: string, v: unknown, q: { minLength?: number; maxLength?: number; pattern?: string }, hardMax: number): void {
  if (typeof v !== 'string') return fail(ctx, path, 'type')
  const max = Math.min(q.maxLength ?? hardMax, hardMax)
  if (v.length > max) return fail(ctx, path, 'maxLength', { max })
  if (q.minLength && v.trim().length < q.minLength) return fail(ctx, path, 'minLength', { min: q.minLength })
  if (q.pattern && !UNSAFE_PATTERN.test(q.pattern)) {
    let re: RegExp | undefined
    try {
      re = new RegExp(`^(?:${q.pattern})$`, 'u')
    } catch {
      re = undefined // a broken pattern is a template problem (template-check), not the person's
    }
    if (re && !re.test(v)) fail(ctx, path, 'pattern')
  }
}

/** One answer that is present (not empty) against its question. */
function checkValue(ctx: TCtx, path: string, q: TSimpleQuestion, v: unknown): void {
  switch (q.type) {
    case 'text':
      return checkText(ctx, path, v, q, QUESTIONNAIRE_LIMITS.maxText)
    case 'longText':
      return checkText(ctx, path, v, q, QUESTIONNAIRE_LIMITS.maxLongText)
    case 'number':
      if (typeof v !== 'number' || !Number.isFinite(v)) return fail(ctx, path, 'type')
      if (q.integer && !Number.isInteger(v)) return fail(ctx, path, 'integer')
      if (q.min !== undefined && v < q.min) return fail(ctx, path, 'min', { min: q.min })
      if (q.max !== undefined && v > q.max) return fail(ctx, path, 'max', { max: q.max })
      return
    case 'money': {
      if (!isRecord(v)) return fail(ctx, path, 'type')
      const amount = field(v, 'amount')
      const currency = field(v, 'currency')
      if (!moneyCurrencies(q, ctx.region).includes(currency as TCurrency)) fail(ctx, `${path}.currency`, 'currency')
      if (amount === undefined || amount === null || amount === '') return ctx.partial ? undefined : fail(ctx, `${path}.amount`, 'required')
      if (typeof amount !== 'number' || !Number.isSafeInteger(amount) || amount < 0) return fail(ctx, `${path}.amount`, 'type')
      if (q.min !== undefined && amount < q.min) return fail(ctx, `${path}.amount`, 'min', { min: q.min / 100 })
      if (q.max !== undefined && amount > q.max) return fail(ctx, `${path}.amount`, 'max', { max: q.max / 100 })
      return
    }
    case 'date':
      if (!isCalendarDate(v)) return fail(ctx, path, 'date')
      if (q.min && v < q.min) return fail(ctx, path, 'min', { min: q.min })
      if (q.max && v > q.max) return fail(ctx, path, 'max', { max: q.max })
      return
    case 'yesNo':
      if (typeof v !== 'boolean') fail(ctx, path, 'type')
      return
    case 'choice':
      if (typeof v !== 'string' || !q.options.some((o) => o.value === v)) fail(ctx, path, 'option')
      return
    case 'multiChoice': {
      if (!Array.isArray(v) || v.length > q.options.length) return fail(ctx, path, 'type')
      if (v.some((x) => typeof x !== 'string' || !q.options.some((o) => o.value === x)) || new Set(v).size !== v.length) return fail(ctx, path, 'option')
      if (q.minSelected && !ctx.partial && v.length < q.minSelected) return fail(ctx, path, 'minSelected', { min: q.minSelected })
      if (q.maxSelected && v.length > q.maxSelected) return fail(ctx, path, 'maxSelected', { max: q.maxSelected })
      return
    }
    case 'person':
      return isRecord(v) ? checkPerson(ctx, path, v, q.ask) : fail(ctx, path, 'type')
    case 'company':
      return isRecord(v) ? checkCompany(ctx, path, v, q.ask) : fail(ctx, path, 'type')
    case 'address':
      return isRecord(v) ? checkAddress(ctx, path, v) : fail(ctx, path, 'type')
    case 'bankDetails':
      return isRecord(v) ? checkBank(ctx, path, v) : fail(ctx, path, 'type')
    case 'file':
      if (typeof v !== 'string' || !FILE_ID.test(v)) fail(ctx, path, 'fileId')
      return
    case 'signingParty': {
      if (!isRecord(v)) return fail(ctx, path, 'type')
      const kind = field(v, 'kind')
      if (kind !== 'person' && kind !== 'company') return fail(ctx, `${path}.kind`, 'kind')
      if (q.kinds && !q.kinds.includes(kind)) return fail(ctx, `${path}.kind`, 'kind')
      const party = field(v, kind)
      if (!isRecord(party)) return ctx.partial ? undefined : fail(ctx, `${path}.${kind}`, 'required')
      return kind === 'person' ? checkPerson(ctx, `${path}.person`, party, q.ask) : checkCompany(ctx, `${path}.company`, party)
    }
  }
}

function checkQuestion(ctx: TCtx, path: string, q: TQuestion, v: unknown, itemsShown?: Set<string>[]): void {
  if (q.type === 'group') {
    if (v !== undefined && v !== null && !Array.isArray(v)) return fail(ctx, path, 'type')
    const items = Array.isArray(v) ? v : []
    const max = Math.min(q.maxCount ?? QUESTIONNAIRE_LIMITS.maxRepeat, QUESTIONNAIRE_LIMITS.maxRepeat)
    // A list longer than allowed is refused as a whole, before any work per item.
    if (items.length > max) return fail(ctx, path, 'maxCount', { max })
    const min = q.minCount ?? (q.required ? 1 : 0)
    if (!ctx.partial && items.length < min) fail(ctx, path, 'minCount', { min })
    items.forEach((item, i) => {
      if (!isRecord(item)) return fail(ctx, `${path}.${i}`, 'type')
      for (const inner of q.questions) if (itemsShown?.[i]?.has(inner.key)) checkQuestion(ctx, `${path}.${i}.${inner.key}`, inner, field(item, inner.key))
    })
    return
  }
  if (isEmptyValue(v) && !(q.type === 'yesNo' && typeof v === 'boolean')) {
    if (q.required && !ctx.partial) fail(ctx, path, 'required')
    return
  }
  checkValue(ctx, path, q, v)
}

/** Field errors of these answers; `ok` when there are none. Hidden questions are skipped. */
export function validateAnswers(q: TQuestionnaire, answers: TAnswers, opts: TValidateOptions): TValidationResult {
  const ctx: TCtx = { ...opts, errors: [] }
  // Defaults count as answers, as they do when the document is printed (resolveValues).
  const shown = visibility(q, withDefaults(q, answers))
  for (const page of q.pages) {
    for (const question of page.questions) {
      if (!shown.questions.has(question.key)) continue
      checkQuestion(ctx, question.key, question, shown.answers[question.key], shown.groupItems.get(question.key))
    }
  }
  return { ok: ctx.errors.length === 0, errors: ctx.errors }
}

/** Field errors of one page only (the runner's «next»): the same rules, filtered by path. */
export function validatePage(q: TQuestionnaire, answers: TAnswers, pageId: string, opts: TValidateOptions): TValidationResult {
  const page = q.pages.find((p) => p.id === pageId)
  const keys = new Set(page?.questions.map((x) => x.key) ?? [])
  const errors = validateAnswers(q, answers, opts).errors.filter((e) => keys.has(e.path.split('.')[0]!))
  return { ok: errors.length === 0, errors }
}
