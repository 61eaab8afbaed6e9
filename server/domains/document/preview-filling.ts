import { useDb } from '../../lib/db'
import { ZTemplateBodySchema } from '../../../shared/template-body'
import { resolveValues } from '../../../shared/questionnaire-values'
import { renderHtml } from '../../../shared/template-html'
import { ownFilling, versionQuestionnaire } from './filling-access'

/** The filling as its document will read (its version's body, its answers so far), as HTML. */
export async function previewFilling(userId: string, id: string, locale: string): Promise<{ html: string }> {
  const f = await ownFilling(useDb(), userId, id)
  const { q, region } = versionQuestionnaire(f.version)
  const values = resolveValues(q, f.answers as Record<string, unknown>, { region })
  return { html: renderHtml(ZTemplateBodySchema.parse(f.version.body), values, { locale, questionnaire: q }) }
}
