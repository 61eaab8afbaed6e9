import { useDb } from '../../lib/db'
import type { TFillingWithQuestionnaire } from '../../../shared/document'
import { initialAnswers } from '../../../shared/questionnaire-logic'
import { isWorkspaceMember } from '../workspace'
import { documentNotFound } from './errors'
import { parseVersion } from './filling-access'
import { mayUseTemplate } from './template-access'
import { withQuestionnaire } from './get-filling'

/**
 * A new filling of the template's latest published version. The filling keeps that
 * version for good: a later publish changes new fillings only.
 */
export async function startFilling(userId: string, templateId: string, workspaceId: string | null = null): Promise<TFillingWithQuestionnaire> {
  const db = useDb()
  const t = await db.template.findUnique({ where: { id: templateId }, select: { workspaceId: true } })
  if (!t || !(await mayUseTemplate(userId, t.workspaceId))) throw documentNotFound('template')
  if (workspaceId && !(await isWorkspaceMember(userId, workspaceId))) throw documentNotFound('template')
  const version = await db.templateVersion.findFirst({ where: { templateId }, orderBy: { number: 'desc' } })
  if (!version) throw documentNotFound('template')
  const { q } = parseVersion(version)
  const f = await db.filling.create({
    data: { userId, workspaceId, versionId: version.id, answers: initialAnswers(q) as object, currentPage: q.pages[0]?.id ?? null },
    include: { version: true },
  })
  return withQuestionnaire(f)
}
