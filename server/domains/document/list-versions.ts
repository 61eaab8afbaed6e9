import { useDb, type TDb } from '../../lib/db'
import type { TAuthUser } from '../auth'
import type { TTemplateVersionView } from '../../../shared/document'
import { editableTemplate } from './template-access'
import { toVersionView } from './views'

export async function latestVersionNumber(db: TDb, templateId: string): Promise<number | null> {
  const v = await db.templateVersion.findFirst({ where: { templateId }, orderBy: { number: 'desc' }, select: { number: true } })
  return v?.number ?? null
}

/** Newest first. */
export async function listVersions(user: TAuthUser, templateId: string): Promise<TTemplateVersionView[]> {
  const db = useDb()
  await editableTemplate(db, user, templateId)
  const rows = await db.templateVersion.findMany({ where: { templateId }, orderBy: { number: 'desc' } })
  return rows.map(toVersionView)
}
