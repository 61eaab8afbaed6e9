import { useDb } from '../../lib/db'
import type { TAuthUser } from '../auth'
import type { TTemplateView } from '../../../shared/document'
import { editableTemplate } from './template-access'
import { latestVersionNumber } from './list-versions'
import { toTemplateView } from './views'

/** The draft, for the editor. */
export async function getTemplate(user: TAuthUser, id: string): Promise<TTemplateView> {
  const db = useDb()
  const t = await editableTemplate(db, user, id)
  return toTemplateView(t, await latestVersionNumber(db, id))
}
