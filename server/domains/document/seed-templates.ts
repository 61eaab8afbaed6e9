import { useConfig } from '../../lib/config'
import { useDb } from '../../lib/db'
import type { TAuthUser } from '../auth'
import { createTemplate } from './create-template'
import { publishTemplate } from './publish-template'
import { demoTemplates } from './seed'
import { updateTemplate } from './update-template'

/**
 * The demo templates for `npm run db:seed`, written the way a lawyer writes one: a draft
 * (createTemplate), its body and questionnaire saved (updateTemplate), then published
 * (publishTemplate: the same checks and the same TemplatePublished event as the editor).
 * Idempotent: a platform template of the region with the same Russian title is left as it
 * is (published if an earlier run stopped before publishing). Returns each template's id
 * by the catalog description it fills, so the content seed can link them.
 */
export async function seedDemoTemplates(author: TAuthUser): Promise<{ created: number; existing: number; byDescriptionSlug: Record<string, string> }> {
  const region = useConfig().REGION
  const byDescriptionSlug: Record<string, string> = {}
  let created = 0
  let existing = 0
  for (const def of demoTemplates(region)) {
    const found = await useDb().template.findFirst({
      where: { region, workspaceId: null, title: { path: ['ru'], equals: def.title.ru } },
      orderBy: { createdAt: 'asc' },
      select: { id: true, status: true },
    })
    let id = found?.id
    if (found) existing++
    else {
      const draft = await createTemplate(author, {
        title: def.title,
        bilingual: def.bilingual,
        // The editor starts from an empty page; the lawyer's text arrives with the first save.
        body: { type: 'doc', content: [] },
        questionnaire: { pages: [{ id: 'main', title: { ru: def.title.ru }, questions: [] }] },
        currency: region === 'kz' ? 'KZT' : 'RUB',
      })
      await updateTemplate(author, draft.id, { body: def.body, questionnaire: def.questionnaire })
      id = draft.id
      created++
    }
    if (!found || found.status === 'draft') await publishTemplate(author, id!)
    byDescriptionSlug[def.descriptionSlug] = id!
  }
  return { created, existing, byDescriptionSlug }
}
