import type { ContentKind } from '../../generated/prisma/client'
import type { Prisma } from '../../lib/db'
import { useConfig } from '../../lib/config'
import { useDb, type TDb } from '../../lib/db'
import { ZCreateContentSchema, ZUpdateContentSchema, type TContentAdminItem, type TCreateContentInput, type TUpdateContentInput } from '../../../shared/content'
import type { TContentActor } from './actor'
import { contentConflict, invalidContent } from './errors'
import { lockItem, parseData, toAdminItem } from './items'

/** Which kinds may hold which: section → folder → description; a description may sit in a section directly. */
const PARENTS: Record<ContentKind, readonly ContentKind[]> = {
  section: [],
  folder: ['section'],
  description: ['section', 'folder'],
  article: [],
}

async function checkParent(tx: TDb, kind: ContentKind, region: 'kz' | 'ru', parentId: string | null): Promise<void> {
  const allowed = PARENTS[kind]
  if (parentId === null) {
    if (allowed.length > 0) throw invalidContent([{ path: 'body.parentId', message: `A ${kind} needs a parent (${allowed.join(' or ')})`, code: 'parent_required' }])
    return
  }
  const parent = await tx.contentItem.findUnique({ where: { id: parentId }, select: { kind: true, region: true } })
  if (!parent || parent.region !== region || !allowed.includes(parent.kind)) {
    throw invalidContent([{ path: 'body.parentId', message: `A ${kind} cannot be placed there`, code: 'invalid_parent' }])
  }
}

/** A new item, as a draft of the site's region (nothing public until an admin publishes it). */
export async function createContentItem(actor: TContentActor, input: TCreateContentInput): Promise<TContentAdminItem> {
  const { kind, parentId, position, data } = ZCreateContentSchema.parse(input)
  const region = useConfig().REGION
  const draft = parseData(kind, data)
  const item = await useDb().$transaction(async (tx) => {
    await checkParent(tx, kind, region, parentId)
    return tx.contentItem.create({
      data: { kind, region, parentId, position, draft: draft as Prisma.InputJsonValue, createdBy: actor.userId, updatedBy: actor.userId },
    })
  })
  return toAdminItem(item)
}

/** Saves the draft (and/or moves the item): what is published stays as it was until the next publish. */
export async function saveContentDraft(actor: TContentActor, id: string, input: TUpdateContentInput): Promise<TContentAdminItem> {
  const patch = ZUpdateContentSchema.parse(input)
  const item = await useDb().$transaction(async (tx) => {
    const current = await lockItem(tx, id)
    if (patch.parentId !== undefined) await checkParent(tx, current.kind, current.region, patch.parentId)
    const draft = patch.data === undefined ? undefined : parseData(current.kind, patch.data)
    const next = draft ?? current.draft
    return tx.contentItem.update({
      where: { id },
      data: {
        ...(patch.parentId !== undefined ? { parentId: patch.parentId } : {}),
        ...(patch.position !== undefined ? { position: patch.position } : {}),
        ...(draft ? { draft: draft as Prisma.InputJsonValue } : {}),
        draftChanged: current.published == null || JSON.stringify(next) !== JSON.stringify(current.published),
        updatedBy: actor.userId,
      },
    })
  })
  return toAdminItem(item)
}

/** Deletes an item that was never published and holds nothing (published ones are unpublished first). */
export async function deleteContentItem(id: string): Promise<void> {
  await useDb().$transaction(async (tx) => {
    const item = await lockItem(tx, id)
    if (item.published != null || (await tx.contentVersion.count({ where: { itemId: id } }))) throw contentConflict('has_versions', 'Published items are unpublished, not deleted.')
    if (await tx.contentItem.count({ where: { parentId: id } })) throw contentConflict('has_children', 'Move or delete what this holds first.')
    await tx.contentItem.delete({ where: { id } })
  })
}
