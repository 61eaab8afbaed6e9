import type { Filling, TemplateVersion } from '../../generated/prisma/client'
import type { TDb, TTx } from '../../lib/db'
import { useDb } from '../../lib/db'
import { usePgPool } from '../../lib/pg'
import type { TRegionCode } from '../../../shared/locales'
import { ZQuestionnaireSchema, type TQuestionnaire } from '../../../shared/questionnaire'
import { ZTemplateBodySchema, type TTemplateBody } from '../../../shared/template-body'
import { documentNotFound } from './errors'

export type TFillingRow = Filling & { version: TemplateVersion }

/** A template version with its questionnaire and body parsed by the shared schemas. */
export interface TParsedVersion {
  row: TemplateVersion
  q: TQuestionnaire
  body: TTemplateBody
  region: TRegionCode
}

/**
 * Parsed versions by id. A version is frozen at publish (publish-template.ts inserts it and
 * nothing updates or deletes one), so an entry is never stale: a new publish is a new id.
 * Autosave and preview read the filling's version on every keystroke's save; this spares them
 * reading its body and questionnaire JSON from the database and parsing both with zod
 * (most of their CPU before, see README "Cost"). Bounded; the least recently used goes first.
 */
const VERSION_CACHE_MAX = 200
const parsed = new Map<string, TParsedVersion>()

function remember(v: TParsedVersion): TParsedVersion {
  parsed.delete(v.row.id)
  parsed.set(v.row.id, v)
  if (parsed.size > VERSION_CACHE_MAX) parsed.delete(parsed.keys().next().value!)
  return v
}

/** The version parsed, from the cache or from this row (then remembered). */
export function parseVersion(row: TemplateVersion): TParsedVersion {
  const hit = parsed.get(row.id)
  if (hit) return remember(hit)
  return remember({ row, q: ZQuestionnaireSchema.parse(row.questionnaire), body: ZTemplateBodySchema.parse(row.body), region: row.region as TRegionCode })
}

/** The version by id: the cache, else one read. A version a filling points at always exists (foreign key, Restrict). */
export async function loadVersion(db: TDb, id: string): Promise<TParsedVersion> {
  const hit = parsed.get(id)
  if (hit) return remember(hit)
  return parseVersion(await db.templateVersion.findUniqueOrThrow({ where: { id } }))
}

/** For tests: forget every parsed version. */
export function clearVersionCache(): void {
  parsed.clear()
}

/** The caller's own filling; anyone else's is 404 (its id must look like nothing). */
export async function ownFilling(db: TDb, userId: string, id: string): Promise<TFillingRow & { parsed: TParsedVersion }> {
  const f = await db.filling.findUnique({ where: { id } })
  if (!f || f.userId !== userId) throw documentNotFound('filling')
  const v = await loadVersion(db, f.versionId)
  return { ...f, version: v.row, parsed: v }
}

const FILLING_COLUMNS = 'id, user_id, workspace_id, version_id, answers, current_page, status, paid_at, created_at, updated_at'

interface TFillingSqlRow {
  id: string
  user_id: string
  workspace_id: string | null
  version_id: string
  answers: unknown
  current_page: string | null
  status: Filling['status']
  paid_at: Date | null
  created_at: Date
  updated_at: Date
}

function toFilling(r: TFillingSqlRow): Filling {
  return {
    id: r.id,
    userId: r.user_id,
    workspaceId: r.workspace_id,
    versionId: r.version_id,
    answers: r.answers as Filling['answers'],
    currentPage: r.current_page,
    status: r.status,
    paidAt: r.paid_at,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  }
}

/**
 * ownFilling outside a transaction, for the hot paths (autosave, preview): one prepared
 * statement over node-postgres (server/lib/pg.ts) instead of Prisma's per-query CPU, and the
 * version from the cache.
 */
export async function readOwnFilling(userId: string, id: string): Promise<TFillingRow & { parsed: TParsedVersion }> {
  const { rows } = await usePgPool().query<TFillingSqlRow>({ name: 'document_filling', text: `SELECT ${FILLING_COLUMNS} FROM fillings WHERE id = $1::uuid`, values: [id] })
  const f = rows[0] ? toFilling(rows[0]) : null
  if (!f || f.userId !== userId) throw documentNotFound('filling')
  const v = await loadVersion(useDb(), f.versionId)
  return { ...f, version: v.row, parsed: v }
}

/**
 * Writes answers and page only if the filling is still the draft it was when read (same
 * answers, same page): a compare-and-set in one UPDATE, no transaction. Null when another
 * write came in between; the caller then takes the locked path.
 */
export async function saveIfUnchanged(read: Filling, next: { answers: Record<string, unknown>; currentPage: string | null }): Promise<Filling | null> {
  const { rows } = await usePgPool().query<TFillingSqlRow>({
    name: 'document_filling_cas',
    text: `UPDATE fillings SET answers = $2::jsonb, current_page = $3, updated_at = now()
      WHERE id = $1::uuid AND status = 'draft' AND answers = $4::jsonb AND current_page IS NOT DISTINCT FROM $5
      RETURNING ${FILLING_COLUMNS}`,
    values: [read.id, JSON.stringify(next.answers), next.currentPage, JSON.stringify(read.answers), read.currentPage],
  })
  return rows[0] ? toFilling(rows[0]) : null
}

/** Row lock for the rest of the transaction (a missing or foreign id locks nothing; ownFilling then says 404). */
export async function lockFilling(tx: TTx, id: string): Promise<void> {
  await tx.$queryRaw`SELECT 1 FROM fillings WHERE id = ${id}::uuid FOR UPDATE`
}
