import { resolveValues } from '../../../shared/questionnaire-values'
import { renderHtml } from '../../../shared/template-html'
import { readOwnFilling } from './filling-access'

/** The filling as its document will read (its version's body, its answers so far), as HTML. */
export async function previewFilling(userId: string, id: string, locale: string): Promise<{ html: string }> {
  const f = await readOwnFilling(userId, id)
  // The version's questionnaire and body come parsed from the version cache (filling-access.ts).
  const { q, body, region } = f.parsed
  const values = resolveValues(q, f.answers as Record<string, unknown>, { region })
  return { html: renderHtml(body, values, { locale, questionnaire: q }) }
}
