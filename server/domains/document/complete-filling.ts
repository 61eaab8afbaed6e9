import { useDb } from '../../lib/db'
import type { TFillingView } from '../../../shared/document'
import { validateAnswers } from '../../../shared/questionnaire-validate'
import { documentInvalid } from './errors'
import { lockFilling, ownFilling } from './filling-access'
import { toFillingView } from './views'

/** Full validation (required answers included); a complete filling can be generated. Idempotent. */
export async function completeFilling(userId: string, id: string, locale: string): Promise<TFillingView> {
  return useDb().$transaction(async (tx) => {
    // An autosave racing the completion runs before or after it, never half-way.
    await lockFilling(tx, id)
    const f = await ownFilling(tx, userId, id)
    if (f.status === 'complete') return toFillingView(f)
    const { q, region } = f.parsed
    const { errors } = validateAnswers(q, f.answers as Record<string, unknown>, { locale, region })
    if (errors.length > 0) {
      throw documentInvalid(
        'answers_incomplete',
        'Some answers are missing or not valid.',
        errors.map((e) => ({ path: `answers.${e.path}`, code: e.code, message: e.text })),
      )
    }
    return toFillingView({ ...(await tx.filling.update({ where: { id }, data: { status: 'complete' } })), version: f.version })
  })
}
