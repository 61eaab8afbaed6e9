import { useDb } from '../../lib/db'
import type { TFillingView } from '../../../shared/document'
import { readableAnswerSet } from './answer-sets'
import { documentInvalid } from './errors'
import { ownFilling } from './filling-access'
import { saveAnswers } from './save-answers'

/**
 * Fills one answer of a filling from a saved set: the set's data is copied (a deep copy
 * through JSON), so later edits of the set leave the filling alone. The question must ask
 * for the set's kind; the copy is validated like any autosave.
 */
export async function useAnswerSet(userId: string, fillingId: string, input: { answerSetId: string; key: string }, locale = 'ru'): Promise<TFillingView> {
  const set = await readableAnswerSet(userId, input.answerSetId)
  const f = await ownFilling(useDb(), userId, fillingId)
  const { q } = f.parsed
  const question = q.pages.flatMap((p) => p.questions).find((x) => x.key === input.key)
  if (!question || question.type !== set.kind) {
    throw documentInvalid('answer_set_mismatch', 'This question does not take details of that kind.', [
      { path: 'body.key', code: 'answer_set_mismatch', message: `expects ${question?.type ?? 'nothing'}` },
    ])
  }
  return saveAnswers(userId, fillingId, { answers: { [input.key]: structuredClone(set.data) }, locale })
}
