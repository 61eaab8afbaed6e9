import type { AnswerSet, Filling, GeneratedDocument, Template, TemplateVersion } from '../../generated/prisma/client'
import type { TLocalizedText } from '../../../shared/questionnaire'
import type { TAnswerSetView, TFillingView, TGeneratedDocumentView, TTemplateVersionView, TTemplateView } from '../../../shared/document'

export function toTemplateView(t: Template, latestVersion: number | null): TTemplateView {
  return {
    id: t.id,
    workspaceId: t.workspaceId,
    title: t.title as TLocalizedText,
    bilingual: t.bilingual,
    region: t.region,
    status: t.status,
    priceMinor: t.priceMinor,
    currency: t.currency,
    body: t.body,
    questionnaire: t.questionnaire,
    latestVersion,
    updatedAt: t.updatedAt.toISOString(),
  }
}

export function toVersionView(v: TemplateVersion): TTemplateVersionView {
  return { id: v.id, templateId: v.templateId, number: v.number, title: v.title as TLocalizedText, publishedBy: v.publishedBy, publishedAt: v.publishedAt.toISOString() }
}

export function toFillingView(f: Filling & { version: TemplateVersion }): TFillingView {
  return {
    id: f.id,
    templateId: f.version.templateId,
    versionId: f.versionId,
    versionNumber: f.version.number,
    title: f.version.title as TLocalizedText,
    workspaceId: f.workspaceId,
    answers: f.answers as Record<string, unknown>,
    currentPage: f.currentPage,
    status: f.status,
    updatedAt: f.updatedAt.toISOString(),
  }
}

export function toAnswerSetView(a: AnswerSet): TAnswerSetView {
  return { id: a.id, kind: a.kind, label: a.label, data: a.data as Record<string, unknown>, userId: a.userId, workspaceId: a.workspaceId, updatedAt: a.updatedAt.toISOString() }
}

export function toGeneratedView(d: GeneratedDocument): TGeneratedDocumentView {
  return { id: d.id, fillingId: d.fillingId, format: d.format, fileName: d.fileName, size: d.size, status: d.status, errorCode: d.errorCode, createdAt: d.createdAt.toISOString() }
}
