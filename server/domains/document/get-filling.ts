import { useDb } from '../../lib/db'
import type { TFillingView, TFillingWithQuestionnaire } from '../../../shared/document'
import { ownFilling, type TFillingRow } from './filling-access'
import { toFillingView } from './views'

export function withQuestionnaire(f: TFillingRow): TFillingWithQuestionnaire {
  const v = f.version
  return { ...toFillingView(f), questionnaire: v.questionnaire, bilingual: v.bilingual, body: v.body, region: v.region, priceMinor: v.priceMinor, currency: v.currency, paid: !!f.paidAt }
}

/** Resume: the answers, the page the person was on and the questionnaire of its version. */
export async function getFilling(userId: string, id: string): Promise<TFillingWithQuestionnaire> {
  return withQuestionnaire(await ownFilling(useDb(), userId, id))
}

/** "My documents": newest change first. */
export async function listMyFillings(userId: string): Promise<TFillingView[]> {
  const rows = await useDb().filling.findMany({ where: { userId }, include: { version: true }, orderBy: { updatedAt: 'desc' }, take: 200 })
  return rows.map(toFillingView)
}
