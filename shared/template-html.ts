import type { TQuestionnaire } from './questionnaire'
import type { TTemplateBody, TWordLang } from './template-body'
import { expandBody, type TLaidBlock, type TRun } from './template-expand'

/**
 * The live preview: a body with values as HTML, for the runner beside its form and the editor
 * with sample answers. Every text and value is escaped: an answer «<script>» prints as text.
 * Hidden clauses are absent from the markup (not hidden with CSS), so the preview never shows
 * what the document will not contain. Classes start with `d24-` for the page's styles.
 */

export interface TRenderHtmlOptions {
  locale: string
  questionnaire?: TQuestionnaire
  blank?: string
}

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }
export const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => ENTITIES[c]!)

function run(r: TRun): string {
  if ('br' in r) return '<br>'
  let html = escapeHtml(r.text)
  if (r.field) html = `<span class="d24-field${r.blank ? ' d24-field--blank' : ''}" data-field="${escapeHtml(r.field)}">${html}</span>`
  if (r.underline) html = `<u>${html}</u>`
  if (r.italic) html = `<em>${html}</em>`
  if (r.bold) html = `<strong>${html}</strong>`
  return html
}

const align = (a: string | undefined) => (a ? ` style="text-align:${a}"` : '')

function blocks(bs: readonly TLaidBlock[]): string {
  return bs
    .map((b) => {
      switch (b.type) {
        case 'paragraph':
          return `<p${align(b.align)}>${b.runs.map(run).join('')}</p>`
        case 'heading':
          return `<h${b.level}${align(b.align)}>${b.runs.map(run).join('')}</h${b.level}>`
        case 'list': {
          const tag = b.ordered ? 'ol' : 'ul'
          return `<${tag}${b.start ? ` start="${b.start}"` : ''}>${b.items.map((item) => `<li>${blocks(item)}</li>`).join('')}</${tag}>`
        }
        case 'table':
          return `<table class="d24-table"><tbody>${b.rows
            .map((r) => `<tr>${r.cells.map((c) => `<${c.header ? 'th' : 'td'}${c.colspan ? ` colspan="${c.colspan}"` : ''}>${blocks(c.blocks)}</${c.header ? 'th' : 'td'}>`).join('')}</tr>`)
            .join('')}</tbody></table>`
        case 'bilingual':
          return `<table class="d24-bilingual"><tbody><tr><td lang="ru">${blocks(b.ru)}</td><td lang="kk">${blocks(b.kk)}</td></tr></tbody></table>`
      }
    })
    .join('')
}

/** HTML of the body for these values (resolveValues); `locale` is the language of text outside bilingual columns. */
export function renderHtml(body: TTemplateBody, values: Readonly<Record<string, unknown>>, opts: TRenderHtmlOptions): string {
  const lang: TWordLang = opts.locale === 'kk' ? 'kk' : 'ru'
  return blocks(expandBody(body, values, { lang, questionnaire: opts.questionnaire, blank: opts.blank }))
}
