import { useDb } from '../../lib/db'
import { useConfig } from '../../lib/config'
import {
  ZAnswerSetInputSchema,
  ZAnswerSetUpdateSchema,
  type TAnswerSetInput,
  type TAnswerSetKind,
  type TAnswerSetUpdate,
  type TAnswerSetView,
} from '../../../shared/document'
import { ZQuestionnaireSchema } from '../../../shared/questionnaire'
import { validateAnswers } from '../../../shared/questionnaire-validate'
import { isWorkspaceMember } from '../workspace'
import { documentInvalid, documentNotFound } from './errors'
import { toAnswerSetView } from './views'

/**
 * Saved answers a person reuses (their own details, a counterparty, bank details), owned by
 * a user or by a workspace (every member reads and edits it). Using one copies its data into
 * a filling (use-answer-set.ts), so editing or deleting a set never changes a filling.
 */
export type TAnswerSetOwner = { userId: string } | { workspaceId: string; actorId: string }

async function ownerWhere(owner: TAnswerSetOwner): Promise<{ userId: string; workspaceId: null } | { workspaceId: string; userId: null }> {
  if ('userId' in owner) return { userId: owner.userId, workspaceId: null }
  // A workspace's sets are its members' only; a stranger sees nothing, as for an unknown workspace.
  if (!(await isWorkspaceMember(owner.actorId, owner.workspaceId))) throw documentNotFound('answer_set')
  return { workspaceId: owner.workspaceId, userId: null }
}

/** The engine's own rules for one question of that type: the set holds what that answer would. */
const QUESTIONNAIRES = new Map<TAnswerSetKind, ReturnType<typeof ZQuestionnaireSchema.parse>>()
function oneQuestion(kind: TAnswerSetKind) {
  let q = QUESTIONNAIRES.get(kind)
  if (!q) {
    q = ZQuestionnaireSchema.parse({ pages: [{ id: 'set', title: { ru: 'set' }, questions: [{ key: 'value', type: kind, label: { ru: 'value' } }] }] })
    QUESTIONNAIRES.set(kind, q)
  }
  return q
}

function checkData(kind: TAnswerSetKind, data: Record<string, unknown>, locale: string): void {
  // partial: a saved person may lack what a given template does not ask (an address, a patronymic).
  const { errors } = validateAnswers(oneQuestion(kind), { value: data }, { locale, region: useConfig().REGION, partial: true })
  if (errors.length > 0) {
    throw documentInvalid(
      'answer_set_invalid',
      'Some details are not valid.',
      errors.map((e) => ({ path: `body.data${e.path.slice('value'.length)}`, code: e.code, message: e.text })),
    )
  }
}

export async function listAnswerSets(owner: TAnswerSetOwner): Promise<TAnswerSetView[]> {
  const where = await ownerWhere(owner)
  const rows = await useDb().answerSet.findMany({ where, orderBy: [{ kind: 'asc' }, { label: 'asc' }], take: 500 })
  return rows.map(toAnswerSetView)
}

export async function createAnswerSet(owner: TAnswerSetOwner, input: TAnswerSetInput, locale = 'ru'): Promise<TAnswerSetView> {
  const d = ZAnswerSetInputSchema.parse(input)
  const where = await ownerWhere(owner)
  checkData(d.kind, d.data, locale)
  return toAnswerSetView(await useDb().answerSet.create({ data: { ...where, kind: d.kind, label: d.label, data: d.data as object } }))
}

export async function updateAnswerSet(owner: TAnswerSetOwner, id: string, input: TAnswerSetUpdate, locale = 'ru'): Promise<TAnswerSetView> {
  const d = ZAnswerSetUpdateSchema.parse(input)
  const where = await ownerWhere(owner)
  return useDb().$transaction(async (tx) => {
    const row = await tx.answerSet.findFirst({ where: { id, ...where } })
    if (!row) throw documentNotFound('answer_set')
    if (d.data !== undefined) checkData(row.kind, d.data, locale)
    const saved = await tx.answerSet.update({
      where: { id },
      data: { ...(d.label !== undefined ? { label: d.label } : {}), ...(d.data !== undefined ? { data: d.data as object } : {}) },
    })
    return toAnswerSetView(saved)
  })
}

export async function deleteAnswerSet(owner: TAnswerSetOwner, id: string): Promise<void> {
  const where = await ownerWhere(owner)
  const { count } = await useDb().answerSet.deleteMany({ where: { id, ...where } })
  if (count === 0) throw documentNotFound('answer_set')
}

/** A set the user may read: their own, or one of a workspace they belong to. */
export async function readableAnswerSet(userId: string, id: string): Promise<TAnswerSetView> {
  const row = await useDb().answerSet.findUnique({ where: { id } })
  const mine = row && (row.userId === userId || (row.workspaceId !== null && (await isWorkspaceMember(userId, row.workspaceId))))
  if (!row || !mine) throw documentNotFound('answer_set')
  return toAnswerSetView(row)
}
