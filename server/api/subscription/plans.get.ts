import { defineApiRoute } from '../../http'
import { z } from 'zod'
import { listPlans, ZPlanListSchema, ZPlanPeriodSchema } from '../../domains/subscription'

export default defineApiRoute(
  {
    summary: 'Plans on sale',
    description: 'The plans this site sells (prices in its currency, minor units), their trial days and entitlements; `period` keeps the monthly or the yearly ones.',
    tags: ['subscription'],
    access: 'public',
    query: z.object({ period: ZPlanPeriodSchema.optional() }),
    errors: [],
    response: ZPlanListSchema,
  },
  async (_event, { query }) => listPlans(query.period),
)
