import type { TBlock, TInline, TTemplateBody } from '../../../shared/template-body'
import type { TWordLang } from '../../../shared/template-body'

const MAX = 400

function inlineText(content: TInline[] | undefined): string {
  // Fields have no text of their own yet (they are what a person fills in): «…» stands for them.
  return (content ?? []).map((n) => (n.type === 'text' ? n.text : n.type === 'field' ? '…' : ' ')).join('')
}

/** Paragraph texts of one language in document order; headings and centred lines are left out. */
function collect(blocks: TBlock[], lang: TWordLang, out: string[]): void {
  for (const b of blocks) {
    if (out.join(' ').length > MAX) return
    switch (b.type) {
      case 'paragraph':
        // A centred line under the title is the place and date: nothing to read in a summary.
        if (b.attrs?.textAlign !== 'center') out.push(inlineText(b.content))
        break
      case 'bulletList':
      case 'orderedList':
        for (const item of b.content) collect(item.content, lang, out)
        break
      case 'clause':
      case 'repeat':
        collect(b.content, lang, out)
        break
      case 'bilingual':
        for (const c of b.content) if (c.attrs.lang === lang) collect(c.content, lang, out)
        break
      default:
        break
    }
  }
}

/**
 * The opening text of a template in one language, for its search entry: the paragraphs a
 * person reads first, fields shown as «…», at most ~400 characters (cut at a word).
 * Text outside bilingual columns counts for every language.
 */
export function templateSummary(body: TTemplateBody, lang: TWordLang): string {
  const out: string[] = []
  collect(body.content, lang, out)
  const text = out
    .join(' ')
    .replace(/\s+/g, ' ')
    .replace(/(…\s*[,.]?\s*)+…/g, '…')
    .trim()
  if (text.length <= MAX) return text
  const cut = text.slice(0, MAX)
  return `${cut.slice(0, Math.max(cut.lastIndexOf(' '), MAX - 40)).trimEnd()}…`
}
