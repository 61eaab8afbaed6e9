import { publish } from '../../events'
import { useDb } from '../../lib/db'
import { audit } from '../history'
import type { TRequestMeta } from '../auth'
import type { TAuthUser } from '../auth'
import { ZQuestionnaireSchema } from '../../../shared/questionnaire'
import { ZTemplateBodySchema } from '../../../shared/template-body'
import { checkQuestionnaire, checkTemplate, type TTemplateProblem } from '../../../shared/template-check'
import type { TTemplateVersionView } from '../../../shared/document'
import { documentConflict } from './errors'
import { editableTemplate } from './template-access'
import { templateSummary } from './template-summary'
import { toVersionView } from './views'

/**
 * Freezes the draft as the next version. Refused (409 `errors.document.template_problems`)
 * while the engine's checks list any problem: each one is a field issue (path, code), and
 * `params.problems` carries them whole for the editor. A published version announces itself
 * (TemplatePublished, in the same transaction): the content domain indexes it for search.
 * Leaves a `template.publish` audit entry.
 */
export async function publishTemplate(user: TAuthUser, id: string, meta: Partial<TRequestMeta> = {}): Promise<TTemplateVersionView> {
  return useDb().$transaction(async (tx) => {
    const t = await editableTemplate(tx, user, id)
    // The draft was parsed on the way in; parsed again here so a row from an older schema cannot publish.
    const body = ZTemplateBodySchema.parse(t.body)
    const q = ZQuestionnaireSchema.parse(t.questionnaire)
    const seen = new Set<string>()
    const problems: TTemplateProblem[] = []
    for (const p of [...checkQuestionnaire(q), ...checkTemplate(body, q, { bilingual: t.bilingual })]) {
      const k = `${p.code}|${p.path}|${p.key ?? ''}`
      if (!seen.has(k)) problems.push(p), seen.add(k)
    }
    if (problems.length > 0) {
      throw documentConflict(
        'template_problems',
        `The template has ${problems.length} problem(s) to fix before publishing.`,
        { problems },
        problems.map((p) => ({ path: p.path, code: p.code, message: p.detail ?? p.code })),
      )
    }
    // Serialises two publishes of one template: the second sees the first's number.
    await tx.$executeRaw`SELECT 1 FROM templates WHERE id = ${id}::uuid FOR UPDATE`
    const last = await tx.templateVersion.findFirst({ where: { templateId: id }, orderBy: { number: 'desc' }, select: { number: true } })
    const v = await tx.templateVersion.create({
      data: {
        templateId: id,
        number: (last?.number ?? 0) + 1,
        title: t.title as object,
        bilingual: t.bilingual,
        region: t.region,
        body: t.body as object,
        questionnaire: t.questionnaire as object,
        priceMinor: t.priceMinor,
        currency: t.currency,
        publishedBy: user.id,
      },
    })
    await tx.template.update({ where: { id }, data: { status: 'published' } })
    const title = t.title as { ru: string; kk?: string; en?: string }
    const languages = t.bilingual ? (['ru', 'kk'] as const) : (['ru'] as const)
    await publish(tx, 'TemplatePublished', {
      templateId: id,
      versionNumber: v.number,
      workspaceId: t.workspaceId,
      region: t.region === 'ru' ? 'ru' : 'kz',
      title: { ru: title.ru, ...(t.bilingual && title.kk ? { kk: title.kk } : {}) },
      summary: Object.fromEntries(languages.map((l) => [l, templateSummary(body, l)])),
      languages: [...languages],
      priceMinor: t.priceMinor,
      publishedAt: v.publishedAt.toISOString(),
    })
    // A workspace's template is recorded in that workspace's history, the platform's in the publisher's.
    await audit(tx, {
      action: 'template.publish',
      actorUserId: user.id,
      workspaceId: t.workspaceId,
      entityId: id,
      ip: meta.ip ?? null,
      userAgent: meta.userAgent ?? null,
      diff: { name: title.ru ?? title.kk ?? title.en ?? null, version: v.number },
    })
    return toVersionView(v)
  })
}
