import { z } from 'zod'
import { ZCurrencySchema } from './billing'

/**
 * Plans and entitlements, shared by the subscription domain, billing (which prices a
 * subscription line from here) and the pricing page. Plans are product configuration kept
 * in the code base (reviewed, versioned, the same in every environment); a subscription
 * freezes its plan's price and entitlements when it starts, so changing a plan here never
 * changes what someone already bought.
 */
export const PLAN_PERIODS = ['month', 'year'] as const
export const ZPlanPeriodSchema = z.enum(PLAN_PERIODS)
export type TPlanPeriod = z.infer<typeof ZPlanPeriodSchema>

/** What a plan gives. Counted limits are per period; `null` means unlimited. */
export const ZEntitlementsSchema = z.object({
  /** Paid catalog documents downloaded per period without paying for each. */
  'documents.download': z.number().int().min(0).nullable(),
  /** Authoring in the document constructor. */
  'constructor.access': z.boolean(),
  /** Minutes of chat with a lawyer per period. */
  'chat.lawyerMinutes': z.number().int().min(0).nullable(),
  /** File storage quota in bytes. */
  'storage.bytes': z.number().int().min(0),
  /** People a workspace may hold. */
  'workspace.seats': z.number().int().min(1),
  /** Workspace modules the plan turns on. */
  modules: z.array(z.string().max(40)).max(20),
})
export type TEntitlements = z.infer<typeof ZEntitlementsSchema>

/** The counted (consumable) entitlements. */
export const COUNTED_KEYS = ['documents.download', 'chat.lawyerMinutes'] as const
export type TCountedKey = (typeof COUNTED_KEYS)[number]
export const ZCountedKeySchema = z.enum(COUNTED_KEYS)

/** What someone without a subscription has. */
export const FREE_ENTITLEMENTS: TEntitlements = {
  'documents.download': 0,
  'constructor.access': false,
  'chat.lawyerMinutes': 0,
  'storage.bytes': 100 * 1024 * 1024,
  'workspace.seats': 1,
  modules: [],
}

export const PLAN_CODE = z.string().regex(/^[a-z0-9-]{2,40}$/)

export interface TPlan {
  code: string
  /** Tier name: the i18n key under `pricing.tiers.<tier>` and the order line's title. */
  tier: 'start' | 'pro' | 'business'
  /** Higher rank = more: moving up happens now (prorated), moving down at period end. */
  rank: number
  period: TPlanPeriod
  priceMinor: number
  trialDays: number
  entitlements: TEntitlements
}

const GiB = 1024 * 1024 * 1024
const start: TEntitlements = { 'documents.download': 5, 'constructor.access': false, 'chat.lawyerMinutes': 0, 'storage.bytes': 1 * GiB, 'workspace.seats': 1, modules: [] }
const pro: TEntitlements = { 'documents.download': 30, 'constructor.access': true, 'chat.lawyerMinutes': 60, 'storage.bytes': 10 * GiB, 'workspace.seats': 5, modules: ['chat'] }
const business: TEntitlements = { 'documents.download': null, 'constructor.access': true, 'chat.lawyerMinutes': 3600, 'storage.bytes': 100 * GiB, 'workspace.seats': 50, modules: ['chat', 'tasks', 'crm'] }
// Counted limits are per period: a year's plan counts twelve months' worth.
const proYear: TEntitlements = { ...pro, 'documents.download': 360, 'chat.lawyerMinutes': 720 }

/** Prices in minor units of the region's currency (KZT in kz, RUB in ru). */
export const PLANS: Record<'kz' | 'ru', readonly TPlan[]> = {
  kz: [
    { code: 'start-month', tier: 'start', rank: 1, period: 'month', priceMinor: 4_900_00, trialDays: 7, entitlements: start },
    { code: 'pro-month', tier: 'pro', rank: 2, period: 'month', priceMinor: 14_900_00, trialDays: 7, entitlements: pro },
    { code: 'pro-year', tier: 'pro', rank: 3, period: 'year', priceMinor: 149_000_00, trialDays: 0, entitlements: proYear },
    { code: 'business-year', tier: 'business', rank: 4, period: 'year', priceMinor: 490_000_00, trialDays: 0, entitlements: business },
  ],
  ru: [
    { code: 'start-month', tier: 'start', rank: 1, period: 'month', priceMinor: 890_00, trialDays: 7, entitlements: start },
    { code: 'pro-month', tier: 'pro', rank: 2, period: 'month', priceMinor: 2_490_00, trialDays: 7, entitlements: pro },
    { code: 'pro-year', tier: 'pro', rank: 3, period: 'year', priceMinor: 24_900_00, trialDays: 0, entitlements: proYear },
    { code: 'business-year', tier: 'business', rank: 4, period: 'year', priceMinor: 79_000_00, trialDays: 0, entitlements: business },
  ],
}

/** Days a subscription keeps its entitlements after its period ended unpaid. */
export const GRACE_DAYS = 3

export const SUBSCRIPTION_STATUSES = ['trialing', 'active', 'past_due', 'canceled', 'expired'] as const
export const ZSubscriptionStatusSchema = z.enum(SUBSCRIPTION_STATUSES)
export type TSubscriptionStatus = z.infer<typeof ZSubscriptionStatusSchema>
/** Statuses in which the plan's entitlements apply. */
export const LIVE_STATUSES: readonly TSubscriptionStatus[] = ['trialing', 'active', 'past_due']

export const ZPlanViewSchema = z.object({
  code: z.string(),
  tier: z.enum(['start', 'pro', 'business']),
  rank: z.number().int(),
  period: ZPlanPeriodSchema,
  priceMinor: z.number().int(),
  trialDays: z.number().int(),
  entitlements: ZEntitlementsSchema,
})
export const ZPlanListSchema = z.object({ currency: ZCurrencySchema, graceDays: z.number().int(), plans: z.array(ZPlanViewSchema) })
export type TPlanList = z.infer<typeof ZPlanListSchema>

export const ZUsageViewSchema = z.object({ key: ZCountedKeySchema, used: z.number().int(), limit: z.number().int().nullable() })

export const ZSubscriptionViewSchema = z.object({
  id: z.uuid(),
  planCode: z.string(),
  tier: z.enum(['start', 'pro', 'business']),
  status: ZSubscriptionStatusSchema,
  trial: z.boolean(),
  currency: ZCurrencySchema,
  priceMinor: z.number().int(),
  period: ZPlanPeriodSchema,
  currentPeriodStart: z.iso.datetime(),
  currentPeriodEnd: z.iso.datetime(),
  graceUntil: z.iso.datetime().nullable(),
  cancelAtPeriodEnd: z.boolean(),
  /** A cheaper plan that takes over at the period's end. */
  nextPlanCode: z.string().nullable(),
  endedAt: z.iso.datetime().nullable(),
})
export type TSubscriptionView = z.infer<typeof ZSubscriptionViewSchema>

export const ZCurrentSubscriptionSchema = z.object({
  subscription: ZSubscriptionViewSchema.nullable(),
  entitlements: ZEntitlementsSchema,
  usage: z.array(ZUsageViewSchema),
  trialAvailable: z.boolean(),
  /** A person without a plan of their own whom a company workspace's plan covers (they hold one of its seats). */
  coveredBy: z.object({ workspaceId: z.uuid(), planCode: z.string(), tier: z.enum(['start', 'pro', 'business']) }).nullable(),
  history: z.array(z.object({ kind: z.string(), at: z.iso.datetime(), data: z.record(z.string(), z.unknown()) })),
})
export type TCurrentSubscription = z.infer<typeof ZCurrentSubscriptionSchema>

/** For a company workspace's plan (its admins), else the person's own. */
export const ZSubscriptionSubjectSchema = z.object({ workspaceId: z.uuid().optional() })
/** The cancel and resume bodies: none (the person's own plan) or the workspace's id. */
export const ZSubscriptionSubjectBodySchema = ZSubscriptionSubjectSchema.optional()
export const ZPlanCodeBodySchema = z.object({ planCode: PLAN_CODE, workspaceId: z.uuid().optional() })

export const ZQuoteSchema = z.object({
  kind: z.enum(['new', 'upgrade', 'renew']),
  planCode: z.string(),
  currency: ZCurrencySchema,
  priceMinor: z.number().int(),
  /** What is left of the current paid period, taken off the price. */
  creditMinor: z.number().int(),
  amountMinor: z.number().int(),
})
export type TQuote = z.infer<typeof ZQuoteSchema>

export function plansFor(region: 'kz' | 'ru'): readonly TPlan[] {
  return PLANS[region]
}

export function planOf(region: 'kz' | 'ru', code: string): TPlan | undefined {
  return PLANS[region].find((p) => p.code === code)
}
