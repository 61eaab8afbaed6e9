import { z } from 'zod'
import { jsonBounded, ZConditionSchema, ZQuestionKeySchema, type TCondition } from './questionnaire'

/**
 * A template's body: the JSON a TipTap editor keeps (doc → blocks → inline), restricted to
 * what contracts need, plus the constructor's own nodes:
 * - `field` (inline): a value from the answers, `{ key, format?, lang? }`; `key` is a question
 *   key, a computed field, a path into a composite (`landlord.iin`), or `$n` (the item's number
 *   inside a repeat);
 * - `clause` (block): its content is printed only when `condition` holds;
 * - `repeat` (block): its content once per item of a repeating group; a `tableRow` with
 *   `repeat` does the same for one row of a table (goods, parties);
 * - `bilingual` (block): Russian and Kazakh text side by side, two `bilingualColumn`s.
 * `listItem` and `tableRow` may carry a `condition` too: a numbered point that exists only
 * when it applies keeps the numbering right, which a clause around it could not.
 *
 * Expansion for given values is template-expand.ts; HTML is template-html.ts; the publishing
 * checks are template-check.ts; DOCX is server/domains/document/render-docx.ts.
 */

export const TEMPLATE_LIMITS = { maxJsonDepth: 80, maxNodes: 50_000, maxText: 20_000 } as const

export const FIELD_FORMATS = [
  'plain',
  /** Money or a number as figures: 120 000,00 */
  'figures',
  /** Money in words: «сто двадцать тысяч тенге 00 тиын» / «жүз жиырма мың теңге 00 тиын» */
  'amountWords',
  /** Figures then words: «120 000,00 (сто двадцать тысяч тенге 00 тиын)» */
  'amountFull',
  'numberWords',
  /** A date in figures (05.03.2026) and in words */
  'date',
  'dateWords',
  /** A person's name declined (Russian): «Ахметова Нурлана Сериковича» */
  'genitive',
  'dative',
  /** «Ахметов Н. С.» for signatures */
  'initials',
] as const
export type TFieldFormat = (typeof FIELD_FORMATS)[number]
export const WORD_LANGS = ['ru', 'kk'] as const
export type TWordLang = (typeof WORD_LANGS)[number]

export const ZFieldKeySchema = z.string().regex(/^(\$n|[a-zA-Z][a-zA-Z0-9_]{0,63}(\.[a-zA-Z][a-zA-Z0-9_]{0,63}){0,3})$/, 'a question key, key.field or $n')

const ZMarkSchema = z.object({ type: z.enum(['bold', 'italic', 'underline']) })
export const ZTextNodeSchema = z.object({ type: z.literal('text'), text: z.string().max(TEMPLATE_LIMITS.maxText), marks: z.array(ZMarkSchema).max(3).optional() })
export const ZHardBreakSchema = z.object({ type: z.literal('hardBreak') })
export const ZFieldNodeSchema = z.object({
  type: z.literal('field'),
  attrs: z.object({ key: ZFieldKeySchema, format: z.enum(FIELD_FORMATS).nullish(), lang: z.enum(WORD_LANGS).nullish() }),
  marks: z.array(ZMarkSchema).max(3).optional(),
})
export const ZInlineSchema = z.discriminatedUnion('type', [ZTextNodeSchema, ZHardBreakSchema, ZFieldNodeSchema])
export type TInline = z.infer<typeof ZInlineSchema>

const ALIGN = z.enum(['left', 'center', 'right', 'justify']).nullish()

export type TParagraph = { type: 'paragraph'; attrs?: { textAlign?: 'left' | 'center' | 'right' | 'justify' | null }; content?: TInline[] }
export type THeading = { type: 'heading'; attrs: { level: 1 | 2 | 3; textAlign?: 'left' | 'center' | 'right' | 'justify' | null }; content?: TInline[] }
export type TListItem = { type: 'listItem'; attrs?: { condition?: TCondition | null }; content: TBlock[] }
export type TBulletList = { type: 'bulletList'; content: TListItem[] }
export type TOrderedList = { type: 'orderedList'; attrs?: { start?: number | null }; content: TListItem[] }
export type TTableCell = { type: 'tableCell' | 'tableHeader'; attrs?: { colspan?: number | null }; content: TBlock[] }
export type TTableRow = { type: 'tableRow'; attrs?: { repeat?: string | null; condition?: TCondition | null }; content: TTableCell[] }
export type TTable = { type: 'table'; content: TTableRow[] }
export type TClause = { type: 'clause'; attrs: { condition: TCondition }; content: TBlock[] }
export type TRepeat = { type: 'repeat'; attrs: { group: string }; content: TBlock[] }
export type TBilingualColumn = { type: 'bilingualColumn'; attrs: { lang: TWordLang }; content: TBlock[] }
export type TBilingual = { type: 'bilingual'; content: TBilingualColumn[] }
export type TBlock = TParagraph | THeading | TBulletList | TOrderedList | TTable | TClause | TRepeat | TBilingual

const blocks = (): z.ZodType<TBlock[]> => z.array(ZBlockSchema).max(5000)

export const ZParagraphSchema = z.object({ type: z.literal('paragraph'), attrs: z.object({ textAlign: ALIGN }).optional(), content: z.array(ZInlineSchema).max(5000).optional() })
export const ZHeadingSchema = z.object({
  type: z.literal('heading'),
  attrs: z.object({ level: z.union([z.literal(1), z.literal(2), z.literal(3)]), textAlign: ALIGN }),
  content: z.array(ZInlineSchema).max(5000).optional(),
})
export const ZListItemSchema: z.ZodType<TListItem> = z.lazy(() => z.object({ type: z.literal('listItem'), attrs: z.object({ condition: ZConditionSchema.nullish() }).optional(), content: blocks() }))
export const ZTableCellSchema: z.ZodType<TTableCell> = z.lazy(() =>
  z.object({ type: z.enum(['tableCell', 'tableHeader']), attrs: z.object({ colspan: z.int().min(1).max(50).nullish() }).optional(), content: blocks() }),
)
export const ZTableRowSchema = z.object({
  type: z.literal('tableRow'),
  attrs: z.object({ repeat: ZQuestionKeySchema.nullish(), condition: ZConditionSchema.nullish() }).optional(),
  content: z.array(ZTableCellSchema).min(1).max(50),
})
export const ZBilingualColumnSchema: z.ZodType<TBilingualColumn> = z.lazy(() => z.object({ type: z.literal('bilingualColumn'), attrs: z.object({ lang: z.enum(WORD_LANGS) }), content: blocks() }))

export const ZBlockSchema: z.ZodType<TBlock> = z.lazy(() =>
  z.discriminatedUnion('type', [
    ZParagraphSchema,
    ZHeadingSchema,
    z.object({ type: z.literal('bulletList'), content: z.array(ZListItemSchema).min(1).max(2000) }),
    z.object({ type: z.literal('orderedList'), attrs: z.object({ start: z.int().min(0).max(10_000).nullish() }).optional(), content: z.array(ZListItemSchema).min(1).max(2000) }),
    z.object({ type: z.literal('table'), content: z.array(ZTableRowSchema).min(1).max(2000) }),
    z.object({ type: z.literal('clause'), attrs: z.object({ condition: ZConditionSchema }), content: blocks() }),
    z.object({ type: z.literal('repeat'), attrs: z.object({ group: ZQuestionKeySchema }), content: blocks() }),
    z.object({ type: z.literal('bilingual'), content: z.array(ZBilingualColumnSchema).min(1).max(2) }),
  ]) as z.ZodType<TBlock>,
)

export type TTemplateBody = { type: 'doc'; content: TBlock[] }
const ZDocSchema = z.object({ type: z.literal('doc'), content: blocks() })

/** The body as stored with a template version, bounded in depth and size before parsing. */
export const ZTemplateBodySchema = jsonBounded(ZDocSchema, TEMPLATE_LIMITS.maxJsonDepth, TEMPLATE_LIMITS.maxNodes) as unknown as z.ZodType<TTemplateBody>
