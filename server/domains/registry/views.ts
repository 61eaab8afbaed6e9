import type { CardParty, Dictionary, DocumentCard } from '../../generated/prisma/client'
import type { TCardView, TDictionaryEntryView } from '../../../shared/registry'

const day = (d: Date) => d.toISOString().slice(0, 10)

export function toCardView(c: DocumentCard & { parties: CardParty[] }): TCardView {
  return {
    id: c.id,
    workspaceId: c.workspaceId,
    number: c.number,
    date: day(c.date),
    typeCode: c.typeCode,
    title: c.title,
    status: c.status,
    amountMinor: c.amountMinor === null ? null : Number(c.amountMinor),
    currency: c.currency,
    termUntil: c.termUntil ? day(c.termUntil) : null,
    fileId: c.fileId,
    fillingId: c.fillingId,
    note: c.note,
    esedo:
      c.esedoStatus && c.esedoRecipient
        ? { status: c.esedoStatus as 'queued' | 'sent' | 'failed', recipientId: c.esedoRecipient, messageId: c.esedoMessageId, error: c.esedoError, at: c.esedoAt?.toISOString() ?? null }
        : null,
    parties: [...c.parties]
      .sort((a, b) => a.position - b.position)
      .map((p) => ({ kind: p.kind, name: p.name, taxId: p.taxId, ogrn: p.ogrn, role: p.role, signedAt: p.signedAt?.toISOString() ?? null })),
    createdAt: c.createdAt.toISOString(),
    updatedAt: c.updatedAt.toISOString(),
  }
}

export function toDictionaryView(d: Dictionary): TDictionaryEntryView {
  return {
    id: d.id,
    kind: d.kind as TDictionaryEntryView['kind'],
    workspaceId: d.workspaceId,
    code: d.code,
    label: d.label as TDictionaryEntryView['label'],
    data: (d.data as Record<string, unknown> | null) ?? null,
    archived: d.archivedAt !== null,
  }
}
