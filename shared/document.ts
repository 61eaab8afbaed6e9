import { z } from 'zod'
import { ZLocalizedTextSchema, ZQuestionnaireSchema } from './questionnaire'
import { ZTemplateBodySchema } from './template-body'

/**
 * The document domain's inputs and views (routes and, later, the editor and runner pages).
 * The engine's own schemas (questionnaire, body) are reused as they are; answers stay
 * plain JSON here and are checked by validateAnswers, which knows the questionnaire.
 */
const ZAnswersSchema = z.record(z.string(), z.unknown())

export const TEMPLATE_STATUSES = ['draft', 'published', 'archived'] as const
export const FILLING_STATUSES = ['draft', 'complete'] as const
export const ANSWER_SET_KINDS = ['person', 'company', 'bankDetails', 'address'] as const
export const DOCUMENT_FORMATS = ['docx', 'pdf'] as const
export const GENERATED_STATUSES = ['pending', 'ready', 'failed'] as const
export type TAnswerSetKind = (typeof ANSWER_SET_KINDS)[number]
export type TDocumentFormat = (typeof DOCUMENT_FORMATS)[number]

export const ZTemplateDraftSchema = z.strictObject({
  title: ZLocalizedTextSchema,
  bilingual: z.boolean().default(false),
  body: ZTemplateBodySchema,
  questionnaire: ZQuestionnaireSchema,
  /** Minor units; 0 = free. */
  priceMinor: z.number().int().min(0).max(1_000_000_000).default(0),
  currency: z.enum(['KZT', 'RUB']).nullish(),
})
export type TTemplateDraftInput = z.input<typeof ZTemplateDraftSchema>

export const ZCreateTemplateSchema = ZTemplateDraftSchema.extend({ workspaceId: z.uuid().nullish() })
export type TCreateTemplateInput = z.input<typeof ZCreateTemplateSchema>
// Every field optional and without defaults: a save that leaves `bilingual` or the price out
// keeps them (zod's defaults would fill in false and 0 under .partial()).
export const ZUpdateTemplateSchema = ZTemplateDraftSchema.extend({
  bilingual: z.boolean().optional(),
  priceMinor: z.number().int().min(0).max(1_000_000_000).optional(),
}).partial()
export type TUpdateTemplateInput = z.input<typeof ZUpdateTemplateSchema>

export const ZTemplateViewSchema = z.object({
  id: z.string(),
  workspaceId: z.string().nullable(),
  title: ZLocalizedTextSchema,
  bilingual: z.boolean(),
  region: z.string(),
  status: z.enum(TEMPLATE_STATUSES),
  priceMinor: z.number().int(),
  currency: z.string().nullable(),
  body: z.unknown(),
  questionnaire: z.unknown(),
  latestVersion: z.number().int().nullable(),
  updatedAt: z.iso.datetime(),
})
export type TTemplateView = z.infer<typeof ZTemplateViewSchema>

export const ZTemplateVersionViewSchema = z.object({
  id: z.string(),
  templateId: z.string(),
  number: z.number().int(),
  title: ZLocalizedTextSchema,
  publishedBy: z.string(),
  publishedAt: z.iso.datetime(),
})
export type TTemplateVersionView = z.infer<typeof ZTemplateVersionViewSchema>

export const ZPreviewSchema = z.strictObject({
  answers: ZAnswersSchema.optional(),
  locale: z.enum(['ru', 'kk', 'en']).default('ru'),
})
export const ZPreviewViewSchema = z.object({ html: z.string() })

export const ZStartFillingSchema = z.strictObject({ templateId: z.uuid(), workspaceId: z.uuid().nullish() })
export const ZSaveAnswersSchema = z.strictObject({
  answers: ZAnswersSchema,
  currentPage: z.string().max(64).nullish(),
  locale: z.enum(['ru', 'kk', 'en']).default('ru'),
})
export const ZCompleteFillingSchema = z.strictObject({ locale: z.enum(['ru', 'kk', 'en']).default('ru') })

export const ZFillingViewSchema = z.object({
  id: z.string(),
  templateId: z.string(),
  versionId: z.string(),
  versionNumber: z.number().int(),
  title: ZLocalizedTextSchema,
  workspaceId: z.string().nullable(),
  answers: ZAnswersSchema,
  currentPage: z.string().nullable(),
  status: z.enum(FILLING_STATUSES),
  updatedAt: z.iso.datetime(),
})
export type TFillingView = z.infer<typeof ZFillingViewSchema>
/**
 * Resuming a filling: its version's questionnaire and body (the runner validates and previews
 * in the browser with the shared engine), the region its rules follow, and the frozen price
 * (0 = free; a paid document is generated but not downloaded until paid).
 */
export const ZFillingWithQuestionnaireSchema = ZFillingViewSchema.extend({
  questionnaire: z.unknown(),
  bilingual: z.boolean(),
  body: z.unknown(),
  region: z.string(),
  priceMinor: z.number().int(),
  currency: z.string().nullable(),
  /** A paid document that was bought (or taken on a plan): it downloads. */
  paid: z.boolean(),
})
export type TFillingWithQuestionnaire = z.infer<typeof ZFillingWithQuestionnaireSchema>

export const ZAnswerSetInputSchema = z.strictObject({
  kind: z.enum(ANSWER_SET_KINDS),
  label: z.string().trim().min(1).max(200),
  data: z.record(z.string(), z.unknown()),
})
export type TAnswerSetInput = z.infer<typeof ZAnswerSetInputSchema>
export const ZAnswerSetUpdateSchema = ZAnswerSetInputSchema.omit({ kind: true }).partial()
export type TAnswerSetUpdate = z.infer<typeof ZAnswerSetUpdateSchema>
export const ZAnswerSetViewSchema = z.object({
  id: z.string(),
  kind: z.enum(ANSWER_SET_KINDS),
  label: z.string(),
  data: z.record(z.string(), z.unknown()),
  userId: z.string().nullable(),
  workspaceId: z.string().nullable(),
  updatedAt: z.iso.datetime(),
})
export type TAnswerSetView = z.infer<typeof ZAnswerSetViewSchema>
/** Copies a saved set into one answer of a filling (its value is copied, never linked). */
export const ZUseAnswerSetSchema = z.strictObject({ answerSetId: z.uuid(), key: z.string().min(1).max(200) })

export const ZRequestDocumentSchema = z.strictObject({
  format: z.enum(DOCUMENT_FORMATS),
  /** The page's language: a bilingual template's document then speaks it outside the two columns; absent: Russian. */
  locale: z.enum(['ru', 'kk', 'en']).optional(),
})
export const ZGeneratedDocumentViewSchema = z.object({
  id: z.string(),
  fillingId: z.string(),
  format: z.enum(DOCUMENT_FORMATS),
  fileName: z.string(),
  size: z.number().int().nullable(),
  status: z.enum(GENERATED_STATUSES),
  errorCode: z.string().nullable(),
  createdAt: z.iso.datetime(),
})
export type TGeneratedDocumentView = z.infer<typeof ZGeneratedDocumentViewSchema>
export const ZDownloadViewSchema = z.object({ url: z.string(), expiresAt: z.iso.datetime(), fileName: z.string() })
