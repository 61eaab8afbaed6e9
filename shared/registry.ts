import { z } from 'zod'
import { ZCurrencySchema } from './billing'
import { isValidBin, isValidIin, isValidInn10, isValidInn12, isValidOgrn, isValidOgrnip } from './identity-numbers'

/**
 * The registry: a workspace's register of documents (cards with a number, date, type,
 * parties, amount, term and status), shared by the registry routes and pages.
 * A card's status follows the signatures on its file; a member terminates a signed one.
 */

/** Realtime, on `private-workspace-<id>`: a card of the workspace changed (`{ cardId }`); its pages read it again. */
export const CARD_CHANGED_EVENT = 'registry.card-changed'

export const CARD_STATUSES = ['draft', 'sent', 'partially_signed', 'signed', 'declined', 'expired', 'terminated'] as const
export const ZCardStatusSchema = z.enum(CARD_STATUSES)
export type TCardStatus = z.infer<typeof ZCardStatusSchema>

export const CARD_PARTY_KINDS = ['person', 'company'] as const
export const CARD_MAX_PARTIES = 20
export const DICTIONARY_KINDS = ['document_type', 'kato', 'counterparty'] as const
export const ZDictionaryKindSchema = z.enum(DICTIONARY_KINDS)
export type TDictionaryKind = z.infer<typeof ZDictionaryKindSchema>

/** An optional text field: '' (an empty input) is absent. */
const optionalText = <T extends z.ZodType>(inner: T) => z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), inner.optional())
const day = z.iso.date()

/**
 * A person's IIN (Kazakhstan) or INN of 12 digits (Russia); a company's BIN or INN of 10.
 * Both countries' numbers are accepted whatever the site: a Kazakh company contracts with Russian ones.
 */
export function isValidPartyTaxId(kind: (typeof CARD_PARTY_KINDS)[number], value: string): boolean {
  return kind === 'person' ? isValidIin(value) || isValidInn12(value) : isValidBin(value) || isValidInn10(value)
}

export const ZCardPartyInputSchema = z
  .strictObject({
    kind: z.enum(CARD_PARTY_KINDS),
    name: z.string().trim().min(1).max(255),
    taxId: optionalText(z.string().trim().refine((v) => /^\d{10}$|^\d{12}$/.test(v), { params: { code: 'invalid_tax_id' }, message: 'an IIN, BIN or INN: 10 or 12 digits' })),
    ogrn: optionalText(z.string().trim().refine((v) => isValidOgrn(v) || isValidOgrnip(v), { params: { code: 'invalid_ogrn' }, message: 'not a valid OGRN or OGRNIP' })),
    role: optionalText(z.string().trim().max(120)),
  })
  .superRefine((p, ctx) => {
    if (p.taxId !== undefined && !isValidPartyTaxId(p.kind, p.taxId)) {
      ctx.addIssue({ code: 'custom', path: ['taxId'], params: { code: p.kind === 'person' ? 'invalid_iin' : 'invalid_bin' }, message: p.kind === 'person' ? 'not a valid IIN or INN' : 'not a valid BIN or INN' })
    }
  })
export type TCardPartyInput = z.infer<typeof ZCardPartyInputSchema>

const cardFields = {
  title: z.string().trim().min(1).max(500),
  /** A `document_type` code from the dictionaries. */
  typeCode: optionalText(z.string().trim().max(64)),
  /** Defaults to today (the region's date). */
  date: optionalText(day),
  /** In minor units (tiyn, kopecks). */
  amountMinor: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).optional(),
  currency: ZCurrencySchema.optional(),
  termUntil: optionalText(day),
  note: optionalText(z.string().trim().max(2000)),
  parties: z.array(ZCardPartyInputSchema).max(CARD_MAX_PARTIES).default([]),
}

const amountHasCurrency = (c: { amountMinor?: number; currency?: string }) => c.amountMinor === undefined || c.currency !== undefined

export const ZCreateCardSchema = z
  .strictObject({
    workspaceId: z.uuid(),
    /** A file of the same workspace: its signatures move the card's status. */
    fileId: optionalText(z.uuid()),
    ...cardFields,
  })
  .refine(amountHasCurrency, { path: ['currency'], params: { code: 'currency_required' }, message: 'the amount\'s currency' })
export type TCreateCardInput = z.infer<typeof ZCreateCardSchema>

/** Every field optional; `null` clears an optional one. Parties replace the list (only before anyone signed). */
export const ZUpdateCardSchema = z
  .strictObject({
    title: cardFields.title.optional(),
    typeCode: z.string().trim().max(64).nullable().optional(),
    date: day.optional(),
    amountMinor: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).nullable().optional(),
    currency: ZCurrencySchema.nullable().optional(),
    termUntil: day.nullable().optional(),
    note: z.string().trim().max(2000).nullable().optional(),
    parties: z.array(ZCardPartyInputSchema).max(CARD_MAX_PARTIES).optional(),
    /** Only `terminated` (a signed card) or back to `signed` (undo a termination). */
    status: z.enum(['terminated', 'signed']).optional(),
  })
  .refine((c) => Object.keys(c).length > 0, { params: { code: 'nothing_to_change' }, message: 'nothing to change' })
export type TUpdateCardInput = z.infer<typeof ZUpdateCardSchema>

export const ZCardPartyViewSchema = z.object({
  kind: z.enum(CARD_PARTY_KINDS),
  name: z.string(),
  taxId: z.string().nullable(),
  ogrn: z.string().nullable(),
  role: z.string().nullable(),
  signedAt: z.iso.datetime().nullable(),
})
export type TCardPartyView = z.infer<typeof ZCardPartyViewSchema>

export const ZCardViewSchema = z.object({
  id: z.string(),
  workspaceId: z.string(),
  number: z.string(),
  date: z.iso.date(),
  typeCode: z.string().nullable(),
  title: z.string(),
  status: ZCardStatusSchema,
  amountMinor: z.number().int().nullable(),
  currency: z.string().nullable(),
  termUntil: z.iso.date().nullable(),
  fileId: z.string().nullable(),
  fillingId: z.string().nullable(),
  note: z.string().nullable(),
  parties: z.array(ZCardPartyViewSchema),
  /** Its document sent through ESEDO: queued, sent (with the gateway's message id) or failed (why). */
  esedo: z
    .object({ status: z.enum(['queued', 'sent', 'failed']), recipientId: z.string(), messageId: z.string().nullable(), error: z.string().nullable(), at: z.iso.datetime().nullable() })
    .nullable(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
})
export type TCardView = z.infer<typeof ZCardViewSchema>

export const CARD_SORTS = ['date_desc', 'date_asc', 'number_desc', 'number_asc', 'amount_desc'] as const

/** The registry's filters, shared by the table and the export. */
export const ZCardFilterSchema = z.strictObject({
  workspaceId: z.uuid(),
  /** Number, title or a party's name or tax id (a part of it). */
  q: optionalText(z.string().trim().max(120)),
  status: optionalText(ZCardStatusSchema),
  typeCode: optionalText(z.string().trim().max(64)),
  from: optionalText(day),
  to: optionalText(day),
  fileId: optionalText(z.uuid()),
  sort: z.enum(CARD_SORTS).default('date_desc'),
})
export type TCardFilter = z.infer<typeof ZCardFilterSchema>

export const ZCardListQuerySchema = ZCardFilterSchema.extend({
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  perPage: z.coerce.number().int().min(1).max(100).default(25),
})
export type TCardListQuery = z.infer<typeof ZCardListQuerySchema>

export const ZCardListSchema = z.object({
  items: z.array(ZCardViewSchema),
  total: z.number().int(),
  page: z.number().int(),
  perPage: z.number().int(),
})
export type TCardList = z.infer<typeof ZCardListSchema>

export const ZCardExportQuerySchema = ZCardFilterSchema.extend({
  format: z.enum(['csv', 'xlsx']).default('xlsx'),
  /** The language of the column headings and statuses. */
  locale: z.enum(['ru', 'kk', 'en']).default('ru'),
})
export type TCardExportQuery = z.infer<typeof ZCardExportQuerySchema>
/** An export holds at most this many rows (a filter narrows a bigger register). */
export const CARD_EXPORT_MAX = 10_000

export const ZRegistrySettingsSchema = z.strictObject({
  /** Printed before the year, e.g. `Д-` → `Д-2026-0001`. Letters, digits, `-`, `/`, `.`. */
  prefix: z.string().trim().max(16).refine((v) => /^[\p{L}\p{N}\-/.]*$/u.test(v), { params: { code: 'invalid_prefix' }, message: 'letters, digits, - / . only' }),
})
export type TRegistrySettings = z.infer<typeof ZRegistrySettingsSchema>
export const ZRegistrySettingsInputSchema = ZRegistrySettingsSchema.extend({ workspaceId: z.uuid() })
export const ZRegistrySettingsQuerySchema = z.strictObject({ workspaceId: z.uuid() })

/** An export file (XLSX or CSV) itself, not JSON; the route checks that the handler answers bytes. */
export const ZExportFileSchema = z
  .custom<Uint8Array>((v) => v instanceof Uint8Array, 'an export file')
  .meta({ type: 'string', format: 'binary', description: 'The file itself (XLSX or CSV), sent as an attachment.' })
export const ZCardExportFilterSchema = ZCardExportQuerySchema.omit({ format: true })

export const ZLabelSchema = z.strictObject({
  ru: z.string().trim().min(1).max(255),
  kk: optionalText(z.string().trim().max(255)),
  en: optionalText(z.string().trim().max(255)),
})

export const ZDictionaryQuerySchema = z.strictObject({
  kind: ZDictionaryKindSchema,
  /** The workspace whose own entries are added to the platform's; absent: the platform's only. */
  workspaceId: optionalText(z.uuid()),
  q: optionalText(z.string().trim().max(120)),
  /** Archived entries too (the editor's view). */
  archived: z.enum(['true', 'false']).default('false').transform((v) => v === 'true'),
})
export type TDictionaryQuery = z.infer<typeof ZDictionaryQuerySchema>

export const ZCreateDictionaryEntrySchema = z.strictObject({
  kind: ZDictionaryKindSchema,
  /** Absent: a platform entry (platform admins only). */
  workspaceId: optionalText(z.uuid()),
  code: z.string().trim().min(1).max(64).refine((v) => /^[\p{L}\p{N}_.\-]+$/u.test(v), { params: { code: 'invalid_code' }, message: 'letters, digits, _ . - only' }),
  label: ZLabelSchema,
  /** A counterparty's tax id, a KATO entry's parent: at most 2 KB of JSON. */
  data: z.record(z.string().max(64), z.union([z.string().max(255), z.number(), z.boolean(), z.null()])).optional(),
})
export type TCreateDictionaryEntryInput = z.infer<typeof ZCreateDictionaryEntrySchema>

export const ZUpdateDictionaryEntrySchema = z
  .strictObject({
    label: ZLabelSchema.optional(),
    data: ZCreateDictionaryEntrySchema.shape.data.nullable(),
    archived: z.boolean().optional(),
  })
  .partial()
  .refine((c) => Object.keys(c).length > 0, { params: { code: 'nothing_to_change' }, message: 'nothing to change' })
export type TUpdateDictionaryEntryInput = z.infer<typeof ZUpdateDictionaryEntrySchema>

export const ZDictionaryEntryViewSchema = z.object({
  id: z.string(),
  kind: ZDictionaryKindSchema,
  workspaceId: z.string().nullable(),
  code: z.string(),
  label: z.object({ ru: z.string(), kk: z.string().optional(), en: z.string().optional() }),
  data: z.record(z.string(), z.unknown()).nullable(),
  archived: z.boolean(),
})
export type TDictionaryEntryView = z.infer<typeof ZDictionaryEntryViewSchema>

/** The label in the locale, falling back to Russian. */
export function dictionaryLabel(entry: Pick<TDictionaryEntryView, 'label'>, locale: string): string {
  const l = entry.label as Record<string, string | undefined>
  return l[locale] || entry.label.ru
}

/** Sending a signed card's document to an organisation through ESEDO: its participant id (the organisation's BIN). */
export const ZEsedoSendRequestSchema = z.strictObject({
  recipientId: z.string().trim().refine(isValidBin, { params: { code: 'invalid_bin' }, message: 'not a valid BIN' }),
})
export type TEsedoSendRequest = z.infer<typeof ZEsedoSendRequestSchema>
