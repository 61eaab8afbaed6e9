import { useDb } from '../../lib/db'
import type { TAuthUser } from '../auth'
import type { TRegionCode } from '../../../shared/locales'
import { ZQuestionnaireSchema } from '../../../shared/questionnaire'
import { knownAnswers } from '../../../shared/questionnaire-logic'
import { sampleAnswers } from '../../../shared/questionnaire-samples'
import { resolveValues } from '../../../shared/questionnaire-values'
import { ZTemplateBodySchema } from '../../../shared/template-body'
import { renderHtml } from '../../../shared/template-html'
import { editableTemplate } from './template-access'

/** The draft as HTML, with the given answers or, without any, the engine's sample answers. */
export async function previewTemplate(user: TAuthUser, id: string, opts: { answers?: Record<string, unknown>; locale: string }): Promise<{ html: string }> {
  const t = await editableTemplate(useDb(), user, id)
  const q = ZQuestionnaireSchema.parse(t.questionnaire)
  const body = ZTemplateBodySchema.parse(t.body)
  const region = t.region as TRegionCode
  const answers = opts.answers ? knownAnswers(q, opts.answers) : sampleAnswers(q, region)
  const values = resolveValues(q, answers, { region })
  return { html: renderHtml(body, values, { locale: opts.locale, questionnaire: q }) }
}
