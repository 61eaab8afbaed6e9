import type { TRegionCode } from './locales'
import { localized, type TQuestionnaire } from './questionnaire'
import { visibility, withDefaults, type TAnswers } from './questionnaire-logic'
import { resolveValues } from './questionnaire-values'
import { optionLabels } from './template-expand'
import { formatValue } from './template-format'

/**
 * The runner's review page: every shown question with its answer as the document prints it,
 * page by page, so each row can link back («edit») to its page. Empty answers are listed too
 * (text null): the person sees what is still missing.
 */

export interface TReviewRow {
  pageId: string
  key: string
  label: string
  /** The printed answer; for a repeating group one line per item. */
  text: string | null
}

export function reviewRows(q: TQuestionnaire, answers: TAnswers, opts: { locale: string; region: TRegionCode }): TReviewRow[] {
  const shown = visibility(q, withDefaults(q, answers))
  const values = resolveValues(q, answers, { region: opts.region })
  const ctx = { lang: opts.locale === 'kk' ? ('kk' as const) : ('ru' as const), options: optionLabels(q) }
  const rows: TReviewRow[] = []
  for (const page of q.pages) {
    if (!shown.pages.includes(page.id)) continue
    for (const question of page.questions) {
      if (!shown.questions.has(question.key)) continue
      const v = values[question.key]
      let text: string | null
      if (question.type === 'group') {
        const items = Array.isArray(v) ? v : []
        const lines = items.map((item, i) => {
          const parts = question.questions
            .map((inner) => formatValue((item as Record<string, unknown>)[inner.key], null, { ...ctx, key: inner.key }))
            .filter((s): s is string => Boolean(s))
          return `${i + 1}. ${parts.join(', ')}`
        })
        text = lines.length ? lines.join('\n') : null
      } else text = formatValue(v, null, { ...ctx, key: question.key })
      rows.push({ pageId: page.id, key: question.key, label: localized(question.label, opts.locale), text })
    }
  }
  return rows
}
