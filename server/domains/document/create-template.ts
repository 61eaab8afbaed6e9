import { useConfig } from '../../lib/config'
import { useDb } from '../../lib/db'
import type { TAuthUser } from '../auth'
import { ZCreateTemplateSchema, type TCreateTemplateInput, type TTemplateView } from '../../../shared/document'
import { documentNotFound } from './errors'
import { mayEditTemplate } from './template-access'
import { toTemplateView } from './views'

/** A new draft (nothing is checked but its shape: checkTemplate runs at publishing). */
export async function createTemplate(user: TAuthUser, input: TCreateTemplateInput): Promise<TTemplateView> {
  const d = ZCreateTemplateSchema.parse(input)
  const workspaceId = d.workspaceId ?? null
  if (!(await mayEditTemplate(user, workspaceId))) throw documentNotFound('template')
  const t = await useDb().template.create({
    data: {
      workspaceId,
      title: d.title,
      bilingual: d.bilingual,
      region: useConfig().REGION,
      body: d.body,
      questionnaire: d.questionnaire,
      priceMinor: d.priceMinor,
      currency: d.currency ?? null,
      createdBy: user.id,
    },
  })
  return toTemplateView(t, null)
}
