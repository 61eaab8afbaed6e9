import { Prisma } from '../../generated/prisma/client'
import { AppError } from '../../lib/errors'
import { useDb, type TTx } from '../../lib/db'
import { hasRole, type TAuthContext, type TRequestMeta } from '../auth'
import { audit } from '../history'
import type { TCreateDictionaryEntryInput, TDictionaryEntryView, TDictionaryQuery, TUpdateDictionaryEntryInput } from '../../../shared/registry'
import { REGISTRY_ROLES, registryMember, UUID } from './access'
import { registryError, registryNotFound } from './errors'
import { toDictionaryView } from './views'

const LIST_LIMIT = 200

/**
 * A dictionary's entries the caller sees: the platform's, plus the workspace's own when
 * `workspaceId` names one of theirs; `q` matches the code or a label in any language.
 */
export async function listDictionary(auth: TAuthContext, meta: TRequestMeta, query: TDictionaryQuery): Promise<TDictionaryEntryView[]> {
  const scopes: Prisma.DictionaryWhereInput[] = [{ workspaceId: null }]
  if (query.workspaceId) {
    const ctx = await registryMember(auth, query.workspaceId, meta, REGISTRY_ROLES.read)
    scopes.push({ workspaceId: ctx.workspace.id })
  }
  const where: Prisma.DictionaryWhereInput = { kind: query.kind, OR: scopes, ...(query.archived ? {} : { archivedAt: null }) }
  if (!query.q) {
    const rows = await useDb().dictionary.findMany({ where, orderBy: [{ workspaceId: { sort: 'asc', nulls: 'first' } }, { code: 'asc' }], take: LIST_LIMIT })
    return rows.map(toDictionaryView)
  }
  // Labels are JSON: their text is searched as text (the keys are fixed and short).
  const like = `%${query.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`
  const ids = await useDb().$queryRaw<{ id: string }[]>`
    SELECT id FROM dictionaries
    WHERE kind = ${query.kind}
      AND (workspace_id IS NULL OR workspace_id = ${query.workspaceId ?? null}::uuid)
      AND (${query.archived} OR archived_at IS NULL)
      AND (code ILIKE ${like} OR label::text ILIKE ${like} OR coalesce(data::text, '') ILIKE ${like})
    ORDER BY workspace_id NULLS FIRST, code
    LIMIT ${LIST_LIMIT}`
  const rows = await useDb().dictionary.findMany({ where: { id: { in: ids.map((r) => r.id) } }, orderBy: [{ workspaceId: { sort: 'asc', nulls: 'first' } }, { code: 'asc' }] })
  return rows.map(toDictionaryView)
}

/** Platform entries need a platform admin; a workspace's own need its admin. */
async function assertMayEdit(auth: TAuthContext, meta: TRequestMeta, workspaceId: string | null): Promise<void> {
  if (workspaceId) {
    await registryMember(auth, workspaceId, meta, REGISTRY_ROLES.admin)
    return
  }
  if (!hasRole(auth.user, 'admin')) throw new AppError('FORBIDDEN', 'Only a platform administrator edits the platform\'s dictionaries.', { messageKey: 'errors.registry.platform_only', params: { reason: 'platform_only' } })
}

async function assertCodeFree(tx: TTx, kind: string, workspaceId: string | null, code: string): Promise<void> {
  // NULL workspace ids are never equal to each other in a unique index, so the rule is kept here, under a lock per code.
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`dictionary:${kind}:${code}`}))`
  const taken = await tx.dictionary.findFirst({ where: { kind, code, OR: [{ workspaceId: null }, ...(workspaceId ? [{ workspaceId }] : [])] }, select: { id: true } })
  if (taken) throw registryError('code_taken', `The code "${code}" is already in this dictionary.`, { code }, 'code')
}

export async function createDictionaryEntry(auth: TAuthContext, meta: TRequestMeta, input: TCreateDictionaryEntryInput): Promise<TDictionaryEntryView> {
  const workspaceId = input.workspaceId ?? null
  await assertMayEdit(auth, meta, workspaceId)
  return useDb().$transaction(async (tx) => {
    await assertCodeFree(tx, input.kind, workspaceId, input.code)
    const row = await tx.dictionary.create({ data: { kind: input.kind, workspaceId, code: input.code, label: input.label, data: input.data ?? undefined } })
    await audit(tx, { action: 'dictionary.change', actorUserId: auth.user.id, workspaceId, entityId: row.id, ip: meta.ip, userAgent: meta.userAgent, diff: { kind: row.kind, code: row.code, created: true } })
    return toDictionaryView(row)
  })
}

/** A label, the data, or archiving (an archived entry is kept for the cards that use it but no longer offered). */
export async function updateDictionaryEntry(auth: TAuthContext, meta: TRequestMeta, entryId: string, input: TUpdateDictionaryEntryInput): Promise<TDictionaryEntryView> {
  const row = UUID.test(entryId) ? await useDb().dictionary.findUnique({ where: { id: entryId } }) : null
  if (!row) throw registryNotFound('entry')
  if (row.workspaceId) {
    try {
      await assertMayEdit(auth, meta, row.workspaceId)
    } catch (e) {
      // A non-member must not learn that the entry exists.
      if (e instanceof AppError && e.code === 'NOT_FOUND') throw registryNotFound('entry')
      throw e
    }
  } else {
    await assertMayEdit(auth, meta, null)
  }
  return useDb().$transaction(async (tx) => {
    const data: Prisma.DictionaryUpdateInput = {}
    if (input.label !== undefined) data.label = input.label
    if (input.data !== undefined) data.data = input.data === null ? Prisma.DbNull : input.data
    if (input.archived !== undefined) data.archivedAt = input.archived ? (row.archivedAt ?? new Date()) : null
    const updated = await tx.dictionary.update({ where: { id: row.id }, data })
    await audit(tx, { action: 'dictionary.change', actorUserId: auth.user.id, workspaceId: row.workspaceId, entityId: row.id, ip: meta.ip, userAgent: meta.userAgent, diff: { kind: row.kind, code: row.code, fields: Object.keys(input) } })
    return toDictionaryView(updated)
  })
}
