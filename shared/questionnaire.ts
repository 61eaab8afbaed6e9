import { z } from 'zod'

/**
 * A template's questionnaire: pages of questions a person answers, shared by the lawyers'
 * editor, the users' runner (browser) and the server that validates and generates. The
 * shapes are plain JSON so they can be stored as a template version and sent to the browser.
 *
 * Evaluation lives beside this file: conditions and visibility (questionnaire-logic.ts),
 * validation (questionnaire-validate.ts), computed fields and the printed values
 * (questionnaire-values.ts). Answers are untrusted JSON keyed by question key; every function
 * reads them defensively and only the keys the questionnaire declares.
 */

export const QUESTIONNAIRE_LIMITS = {
  /** Depth of the questionnaire's JSON (pages → questions → group → questions → conditions). */
  maxJsonDepth: 48,
  maxPages: 50,
  maxQuestionsPerPage: 100,
  maxGroupQuestions: 50,
  maxOptions: 200,
  maxComputed: 200,
  maxConditionItems: 50,
  /** No repeating group holds more items than this, whatever its maxCount says. */
  maxRepeat: 200,
  maxText: 500,
  maxLongText: 20_000,
} as const

// Keys double as identifiers of the expression language and of field tokens, so they stay
// simple; the names that reach an object's prototype are refused outright.
const FORBIDDEN_KEYS = new Set(['__proto__', 'prototype', 'constructor', 'hasOwnProperty', 'toString', 'valueOf'])
export const ZQuestionKeySchema = z
  .string()
  .regex(/^[a-zA-Z][a-zA-Z0-9_]{0,63}$/, 'a key is a letter followed by letters, digits or _ (at most 64)')
  .refine((k) => !FORBIDDEN_KEYS.has(k), 'this key is reserved')

export const ZLocalizedTextSchema = z.strictObject({
  ru: z.string().max(2000),
  kk: z.string().max(2000).optional(),
  en: z.string().max(2000).optional(),
})
export type TLocalizedText = z.infer<typeof ZLocalizedTextSchema>

export const CURRENCIES = ['KZT', 'RUB'] as const
export const ZCurrencySchema = z.enum(CURRENCIES)
export type TCurrency = z.infer<typeof ZCurrencySchema>

const ZScalarSchema = z.union([z.string().max(500), z.number().finite(), z.boolean(), z.null()])
export type TScalar = z.infer<typeof ZScalarSchema>

/**
 * A condition on answers: all/any/not of comparisons. `key` is a question key, a computed
 * field (in the body only) or a path into a composite answer (`landlord.kind`). Inside a
 * repeating group a key names the same item's answer first, then the questionnaire's.
 */
export const COMPARISON_OPS = ['eq', 'ne', 'lt', 'lte', 'gt', 'gte'] as const
export type TComparisonOp = (typeof COMPARISON_OPS)[number]
export type TCondition =
  | { all: TCondition[] }
  | { any: TCondition[] }
  | { not: TCondition }
  | { key: string; op: TComparisonOp; value: TScalar }
  | { key: string; op: 'isOneOf'; values: TScalar[] }
  | { key: string; op: 'isEmpty' }

export const ZConditionPathSchema = z.string().regex(/^[a-zA-Z][a-zA-Z0-9_]{0,63}(\.[a-zA-Z][a-zA-Z0-9_]{0,63}){0,3}$/, 'a question key or key.field')
export const ZConditionSchema: z.ZodType<TCondition> = z.lazy(() =>
  z.union([
    z.strictObject({ all: z.array(ZConditionSchema).min(1).max(QUESTIONNAIRE_LIMITS.maxConditionItems) }),
    z.strictObject({ any: z.array(ZConditionSchema).min(1).max(QUESTIONNAIRE_LIMITS.maxConditionItems) }),
    z.strictObject({ not: ZConditionSchema }),
    z.strictObject({ key: ZConditionPathSchema, op: z.enum(COMPARISON_OPS), value: ZScalarSchema }),
    z.strictObject({ key: ZConditionPathSchema, op: z.literal('isOneOf'), values: z.array(ZScalarSchema).min(1).max(QUESTIONNAIRE_LIMITS.maxOptions) }),
    z.strictObject({ key: ZConditionPathSchema, op: z.literal('isEmpty') }),
  ]),
)

const ISO_DATE = z.string().regex(/^\d{4}-\d{2}-\d{2}$/)

const base = {
  key: ZQuestionKeySchema,
  label: ZLocalizedTextSchema,
  help: ZLocalizedTextSchema.optional(),
  required: z.boolean().optional(),
  /** Shown only when this holds; a hidden question is neither validated nor printed. */
  condition: ZConditionSchema.optional(),
}

const ZOptionSchema = z.strictObject({ value: z.string().min(1).max(100), label: ZLocalizedTextSchema })

export const ZTextQuestionSchema = z.strictObject({
  ...base,
  type: z.literal('text'),
  minLength: z.int().min(0).max(QUESTIONNAIRE_LIMITS.maxText).optional(),
  maxLength: z.int().min(1).max(QUESTIONNAIRE_LIMITS.maxText).optional(),
  /** A regular expression the whole answer must match (the editor offers a few ready ones). */
  pattern: z.string().max(200).optional(),
  default: z.string().max(QUESTIONNAIRE_LIMITS.maxText).optional(),
})
export const ZLongTextQuestionSchema = z.strictObject({
  ...base,
  type: z.literal('longText'),
  minLength: z.int().min(0).max(QUESTIONNAIRE_LIMITS.maxLongText).optional(),
  maxLength: z.int().min(1).max(QUESTIONNAIRE_LIMITS.maxLongText).optional(),
  default: z.string().max(QUESTIONNAIRE_LIMITS.maxLongText).optional(),
})
export const ZNumberQuestionSchema = z.strictObject({
  ...base,
  type: z.literal('number'),
  min: z.number().finite().optional(),
  max: z.number().finite().optional(),
  integer: z.boolean().optional(),
  default: z.number().finite().optional(),
})
/** Money: the answer is `{ amount, currency }`, amount in integer minor units (tiyn, kopecks). */
export const ZMoneyQuestionSchema = z.strictObject({
  ...base,
  type: z.literal('money'),
  currencies: z.array(ZCurrencySchema).min(1).max(2).optional(),
  min: z.int().min(0).optional(),
  max: z.int().min(0).optional(),
  default: z.strictObject({ amount: z.int().min(0), currency: ZCurrencySchema }).optional(),
})
export const ZDateQuestionSchema = z.strictObject({
  ...base,
  type: z.literal('date'),
  min: ISO_DATE.optional(),
  max: ISO_DATE.optional(),
  default: ISO_DATE.optional(),
})
export const ZYesNoQuestionSchema = z.strictObject({ ...base, type: z.literal('yesNo'), default: z.boolean().optional() })
export const ZChoiceQuestionSchema = z.strictObject({
  ...base,
  type: z.literal('choice'),
  options: z.array(ZOptionSchema).min(1).max(QUESTIONNAIRE_LIMITS.maxOptions),
  default: z.string().max(100).optional(),
})
export const ZMultiChoiceQuestionSchema = z.strictObject({
  ...base,
  type: z.literal('multiChoice'),
  options: z.array(ZOptionSchema).min(1).max(QUESTIONNAIRE_LIMITS.maxOptions),
  minSelected: z.int().min(0).optional(),
  maxSelected: z.int().min(1).optional(),
  default: z.array(z.string().max(100)).max(QUESTIONNAIRE_LIMITS.maxOptions).optional(),
})
/** Which parts of a person the question asks for besides the name. */
const ZPersonAskSchema = z.strictObject({ identityNumber: z.boolean().optional(), idDocument: z.boolean().optional(), address: z.boolean().optional() })
export const ZPersonQuestionSchema = z.strictObject({ ...base, type: z.literal('person'), ask: ZPersonAskSchema.optional() })
export const ZCompanyQuestionSchema = z.strictObject({ ...base, type: z.literal('company'), ask: z.strictObject({ address: z.boolean().optional() }).optional() })
export const ZAddressQuestionSchema = z.strictObject({ ...base, type: z.literal('address') })
export const ZBankDetailsQuestionSchema = z.strictObject({ ...base, type: z.literal('bankDetails') })
export const ZFileQuestionSchema = z.strictObject({
  ...base,
  type: z.literal('file'),
  accept: z.array(z.string().max(100)).max(20).optional(),
})
/**
 * A party that signs: a person or a company, with its role in the document («Арендодатель» /
 * «Жалға беруші»). The answer is `{ kind: 'person', person }` or `{ kind: 'company', company }`.
 */
export const ZSigningPartyQuestionSchema = z.strictObject({
  ...base,
  type: z.literal('signingParty'),
  role: ZLocalizedTextSchema,
  kinds: z.array(z.enum(['person', 'company'])).min(1).max(2).optional(),
  ask: ZPersonAskSchema.optional(),
})

export const ZSimpleQuestionSchema = z.discriminatedUnion('type', [
  ZTextQuestionSchema,
  ZLongTextQuestionSchema,
  ZNumberQuestionSchema,
  ZMoneyQuestionSchema,
  ZDateQuestionSchema,
  ZYesNoQuestionSchema,
  ZChoiceQuestionSchema,
  ZMultiChoiceQuestionSchema,
  ZPersonQuestionSchema,
  ZCompanyQuestionSchema,
  ZAddressQuestionSchema,
  ZBankDetailsQuestionSchema,
  ZFileQuestionSchema,
  ZSigningPartyQuestionSchema,
])
export type TSimpleQuestion = z.infer<typeof ZSimpleQuestionSchema>

/** A computed field: an expression of shared/expressions.ts, printed as `format`. */
export const ZComputedFieldSchema = z.strictObject({
  key: ZQuestionKeySchema,
  expression: z.string().min(1).max(1000),
  format: z.enum(['number', 'money', 'date', 'text', 'boolean']).optional(),
  /** For `money`: the currency; without it the region's (KZT in kz, RUB in ru). */
  currency: ZCurrencySchema.optional(),
})
export type TComputedField = z.infer<typeof ZComputedFieldSchema>

/**
 * A repeating group: its questions answered once per item (parties, goods of a table).
 * The answer is a list of records; its computed fields run per item (`quantity * price`).
 * Groups do not nest: a table inside a table row is not something contracts need.
 */
export const ZGroupQuestionSchema = z.strictObject({
  ...base,
  type: z.literal('group'),
  /** The label of one item («Товар», «Наниматель»). */
  itemLabel: ZLocalizedTextSchema.optional(),
  minCount: z.int().min(0).max(QUESTIONNAIRE_LIMITS.maxRepeat).optional(),
  maxCount: z.int().min(1).max(QUESTIONNAIRE_LIMITS.maxRepeat).optional(),
  questions: z.array(ZSimpleQuestionSchema).min(1).max(QUESTIONNAIRE_LIMITS.maxGroupQuestions),
  computed: z.array(ZComputedFieldSchema).max(QUESTIONNAIRE_LIMITS.maxComputed).optional(),
})
export type TGroupQuestion = z.infer<typeof ZGroupQuestionSchema>

export const ZQuestionSchema = z.union([ZSimpleQuestionSchema, ZGroupQuestionSchema])
export type TQuestion = z.infer<typeof ZQuestionSchema>
export type TQuestionType = TQuestion['type']

export const ZQuestionnairePageSchema = z.strictObject({
  id: ZQuestionKeySchema,
  title: ZLocalizedTextSchema,
  condition: ZConditionSchema.optional(),
  questions: z.array(ZQuestionSchema).max(QUESTIONNAIRE_LIMITS.maxQuestionsPerPage),
})
export type TQuestionnairePage = z.infer<typeof ZQuestionnairePageSchema>

const ZQuestionnaireShapeSchema = z.strictObject({
  pages: z.array(ZQuestionnairePageSchema).min(1).max(QUESTIONNAIRE_LIMITS.maxPages),
  computed: z.array(ZComputedFieldSchema).max(QUESTIONNAIRE_LIMITS.maxComputed).optional(),
})
export type TQuestionnaire = z.infer<typeof ZQuestionnaireShapeSchema>

/**
 * Whether a JSON value nests deeper than `maxDepth` or holds more than `maxNodes` objects and
 * arrays, counted without recursion so that a hostile document of 100,000 nested arrays cannot
 * exhaust the stack; stops as soon as a limit is passed.
 */
export function jsonExceeds(value: unknown, maxDepth: number, maxNodes = Number.POSITIVE_INFINITY): boolean {
  const stack: Array<[unknown, number]> = [[value, 1]]
  let nodes = 0
  while (stack.length) {
    const [v, d] = stack.pop()!
    if (v === null || typeof v !== 'object') continue
    if (d > maxDepth || ++nodes > maxNodes) return true
    for (const child of Array.isArray(v) ? v : Object.values(v)) if (child !== null && typeof child === 'object') stack.push([child, d + 1])
  }
  return false
}

/** Refuses JSON nested deeper (or larger) than the limits before the recursive schema sees it. */
export function jsonBounded<T extends z.ZodType>(schema: T, maxDepth: number, maxNodes?: number) {
  return z
    .unknown()
    .superRefine((v, ctx) => {
      if (jsonExceeds(v, maxDepth, maxNodes)) ctx.addIssue({ code: 'custom', message: `nested deeper than ${maxDepth} levels or too large`, abort: true })
    })
    .pipe(schema)
}

/** The questionnaire as stored with a template version and sent to the editor and the runner. */
export const ZQuestionnaireSchema = jsonBounded(ZQuestionnaireShapeSchema, QUESTIONNAIRE_LIMITS.maxJsonDepth, 50_000)

/** Every question with its group (for the questions of a repeating group), in document order. */
export function* allQuestions(q: TQuestionnaire): Generator<{ question: TQuestion | TSimpleQuestion; page: TQuestionnairePage; group?: TGroupQuestion }> {
  for (const page of q.pages) {
    for (const question of page.questions) {
      yield { question, page }
      if (question.type === 'group') for (const inner of question.questions) yield { question: inner, page, group: question }
    }
  }
}

/** The text of a label in a language, Russian when that language is missing or empty. */
export function localized(text: TLocalizedText | undefined, locale: string): string {
  if (!text) return ''
  const v = (text as Record<string, string | undefined>)[locale]
  return v && v.trim() ? v : text.ru
}
