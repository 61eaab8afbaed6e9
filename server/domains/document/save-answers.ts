import { useDb } from '../../lib/db'
import type { TFillingView } from '../../../shared/document'
import { knownAnswers } from '../../../shared/questionnaire-logic'
import { validateAnswers } from '../../../shared/questionnaire-validate'
import { documentConflict, documentInvalid } from './errors'
import { lockFilling, ownFilling, readOwnFilling, saveIfUnchanged, type TFillingRow, type TParsedVersion } from './filling-access'
import { toFillingView } from './views'

type TSaveInput = { answers: Record<string, unknown>; currentPage?: string | null; locale: string }

/**
 * Autosave. The given answers are merged over the stored ones (null removes one), unknown
 * keys are dropped, and the result is validated with `partial: true`: what is unanswered
 * stays so, a wrong value (an IIN failing its check digit) refuses the whole save with its
 * field errors and the stored answers stay as they were.
 *
 * Two autosaves of one filling (two tabs) merge one after the other, never over each other.
 * The common case (nobody else writing) is a read and one conditional UPDATE that writes only
 * if the filling is still as read; when it is not, the save is done again under the row lock,
 * as it always was. Either way the result is what the locked merge gives.
 */
export async function saveAnswers(userId: string, id: string, input: TSaveInput): Promise<TFillingView> {
  const f = await readOwnFilling(userId, id)
  const saved = await saveIfUnchanged(f, merged(f, input))
  if (saved) return toFillingView({ ...saved, version: f.version })
  return useDb().$transaction(async (tx) => {
    await lockFilling(tx, id)
    const locked = await ownFilling(tx, userId, id)
    const next = merged(locked, input)
    // The version is the one read above (versions never change): no second read of it.
    const row = await tx.filling.update({ where: { id }, data: { answers: next.answers as object, currentPage: next.currentPage } })
    return toFillingView({ ...row, version: locked.version })
  })
}

/** The answers and page a save leaves, or the refusal (409 complete, 400 field errors). */
function merged(f: TFillingRow & { parsed: TParsedVersion }, input: TSaveInput): { answers: Record<string, unknown>; currentPage: string | null } {
  if (f.status === 'complete') throw documentConflict('filling_complete', 'A complete filling cannot change; start a new one.')
  const { q, region } = f.parsed
  const all: Record<string, unknown> = { ...(f.answers as Record<string, unknown>) }
  for (const [k, v] of Object.entries(input.answers)) {
    if (v === null) delete all[k]
    else all[k] = v
  }
  const answers = knownAnswers(q, all)
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
  return { answers, currentPage }
}
