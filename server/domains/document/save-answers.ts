import { useDb } from '../../lib/db'
import type { TFillingView } from '../../../shared/document'
import { knownAnswers } from '../../../shared/questionnaire-logic'
import { validateAnswers } from '../../../shared/questionnaire-validate'
import { documentConflict, documentInvalid } from './errors'
import { lockFilling, ownFilling } from './filling-access'
import { toFillingView } from './views'

/**
 * Autosave. The given answers are merged over the stored ones (null removes one), unknown
 * keys are dropped, and the result is validated with `partial: true`: what is unanswered
 * stays so, a wrong value (an IIN failing its check digit) refuses the whole save with its
 * field errors and the stored answers stay as they were.
 */
export async function saveAnswers(
  userId: string,
  id: string,
  input: { answers: Record<string, unknown>; currentPage?: string | null; locale: string },
): Promise<TFillingView> {
  return useDb().$transaction(async (tx) => {
    // Two autosaves of one filling (two tabs) merge one after the other, not over each other.
    await lockFilling(tx, id)
    const f = await ownFilling(tx, userId, id)
    if (f.status === 'complete') throw documentConflict('filling_complete', 'A complete filling cannot change; start a new one.')
    const { q, region } = f.parsed
    const merged: Record<string, unknown> = { ...(f.answers as Record<string, unknown>) }
    for (const [k, v] of Object.entries(input.answers)) {
      if (v === null) delete merged[k]
      else merged[k] = v
    }
    const answers = knownAnswers(q, merged)
    const { errors } = validateAnswers(q, answers, { locale: input.locale, region, partial: true })
    if (errors.length > 0) {
      throw documentInvalid(
        'answers_invalid',
        'Some answers are not valid.',
        errors.map((e) => ({ path: `body.answers.${e.path}`, code: e.code, message: e.text })),
      )
    }
    const pageIds = new Set(q.pages.map((p) => p.id))
    const currentPage = input.currentPage !== undefined && (input.currentPage === null || pageIds.has(input.currentPage)) ? input.currentPage : f.currentPage
    // The version is the one read above (versions never change): no second read of it.
    const saved = await tx.filling.update({ where: { id }, data: { answers: answers as object, currentPage } })
    return toFillingView({ ...saved, version: f.version })
  })
}
