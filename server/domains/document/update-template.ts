import { useDb } from '../../lib/db'
import type { TAuthUser } from '../auth'
import { ZUpdateTemplateSchema, type TTemplateView, type TUpdateTemplateInput } from '../../../shared/document'
import { editableTemplate } from './template-access'
import { latestVersionNumber } from './list-versions'
import { toTemplateView } from './views'

/** Changes the draft only: published versions are frozen, fillings keep theirs. */
export async function updateTemplate(user: TAuthUser, id: string, input: TUpdateTemplateInput): Promise<TTemplateView> {
  const d = ZUpdateTemplateSchema.parse(input)
  return useDb().$transaction(async (tx) => {
    await editableTemplate(tx, user, id)
    const t = await tx.template.update({
      where: { id },
      data: {
        ...(d.title !== undefined ? { title: d.title } : {}),
        ...(d.bilingual !== undefined ? { bilingual: d.bilingual } : {}),
        ...(d.body !== undefined ? { body: d.body } : {}),
        ...(d.questionnaire !== undefined ? { questionnaire: d.questionnaire } : {}),
        ...(d.priceMinor !== undefined ? { priceMinor: d.priceMinor } : {}),
        ...(d.currency !== undefined ? { currency: d.currency } : {}),
      },
    })
    return toTemplateView(t, await latestVersionNumber(tx, id))
  })
}
