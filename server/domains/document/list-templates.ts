import { useDb } from '../../lib/db'
import type { TAuthUser } from '../auth'
import type { TTemplateView } from '../../../shared/document'
import { mayEditTemplate } from './template-access'
import { toTemplateView } from './views'

/** The templates the caller may edit: the platform's (lawyers) or one workspace's. */
export async function listTemplates(user: TAuthUser, workspaceId: string | null): Promise<TTemplateView[]> {
  if (!(await mayEditTemplate(user, workspaceId))) return []
  const rows = await useDb().template.findMany({
    where: { workspaceId },
    orderBy: { updatedAt: 'desc' },
    take: 200,
    include: { versions: { select: { number: true }, orderBy: { number: 'desc' }, take: 1 } },
  })
  return rows.map((t) => toTemplateView(t, t.versions[0]?.number ?? null))
}
