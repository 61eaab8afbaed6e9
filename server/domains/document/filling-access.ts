import type { Filling, TemplateVersion } from '../../generated/prisma/client'
import type { TDb, TTx } from '../../lib/db'
import type { TRegionCode } from '../../../shared/locales'
import { ZQuestionnaireSchema, type TQuestionnaire } from '../../../shared/questionnaire'
import { documentNotFound } from './errors'

export type TFillingRow = Filling & { version: TemplateVersion }

/** The caller's own filling; anyone else's is 404 (its id must look like nothing). */
export async function ownFilling(db: TDb, userId: string, id: string): Promise<TFillingRow> {
  const f = await db.filling.findUnique({ where: { id }, include: { version: true } })
  if (!f || f.userId !== userId) throw documentNotFound('filling')
  return f
}

export function versionQuestionnaire(v: TemplateVersion): { q: TQuestionnaire; region: TRegionCode } {
  return { q: ZQuestionnaireSchema.parse(v.questionnaire), region: v.region as TRegionCode }
}

/** Row lock for the rest of the transaction (a missing or foreign id locks nothing; ownFilling then says 404). */
export async function lockFilling(tx: TTx, id: string): Promise<void> {
  await tx.$queryRaw`SELECT 1 FROM fillings WHERE id = ${id}::uuid FOR UPDATE`
}
