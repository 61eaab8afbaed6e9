import { isStopWord, lexemesOf, MAX_WORD, tokenize } from './analyse'
import type { TSearchLocale } from './types'

/**
 * Marks, computed in Node from the original text (PostgreSQL's ts_headline would re-analyse
 * with its own configuration and miss our lemmas): a word is marked when one of its lexemes
 * is one the query asked for. The result is plain text with «[[» «]]» around the marked
 * words; the page escapes it and only then turns the marks into <mark>.
 */

export const MARK_OPEN = '[['
export const MARK_CLOSE = ']]'
/** Words around the best place in the text. */
const SNIPPET_WORDS = 28

// The source text must not carry our marks itself, or the page would mark what no query matched.
const unmark = (s: string) => s.replaceAll(MARK_OPEN, '[').replaceAll(MARK_CLOSE, ']')

async function matchedSpans(text: string, locale: TSearchLocale, wanted: Set<string>) {
  const tokens = tokenize(text)
  const hits: boolean[] = []
  for (const t of tokens) {
    if (t.word.length > MAX_WORD || isStopWord(t.word, locale)) {
      hits.push(false)
      continue
    }
    hits.push((await lexemesOf(t.word, locale)).some((l) => wanted.has(l)))
  }
  return { tokens, hits }
}

function render(text: string, tokens: { start: number; end: number }[], hits: boolean[], from: number, to: number): string {
  let out = ''
  let at = from
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!
    if (t.start < from || t.end > to || !hits[i]) continue
    out += unmark(text.slice(at, t.start)) + MARK_OPEN + text.slice(t.start, t.end) + MARK_CLOSE
    at = t.end
  }
  return out + unmark(text.slice(at, to))
}

export async function markText(text: string, locale: TSearchLocale, wanted: Set<string>): Promise<string> {
  const { tokens, hits } = await matchedSpans(text, locale, wanted)
  return render(text, tokens, hits, 0, text.length)
}

/**
 * The window of about SNIPPET_WORDS words holding the most matched words (the earliest
 * of equals), with «…» where the text was cut.
 */
export async function snippet(text: string, locale: TSearchLocale, wanted: Set<string>): Promise<string> {
  const { tokens, hits } = await matchedSpans(text, locale, wanted)
  if (tokens.length <= SNIPPET_WORDS) return render(text, tokens, hits, 0, text.length).trim()
  let best = 0
  let bestCount = -1
  let count = 0
  for (let i = 0; i < tokens.length; i++) {
    if (hits[i]) count++
    if (i >= SNIPPET_WORDS && hits[i - SNIPPET_WORDS]) count--
    const start = Math.max(0, i - SNIPPET_WORDS + 1)
    if (i >= SNIPPET_WORDS - 1 && count > bestCount) {
      bestCount = count
      best = start
    }
  }
  // Centre the matches of that window in it, so the snippet neither opens nor ends on one cold.
  const first = hits.indexOf(true, best)
  let start = best
  if (first !== -1) {
    const last = hits.lastIndexOf(true, best + SNIPPET_WORDS - 1)
    const slack = SNIPPET_WORDS - (last - first + 1)
    start = Math.max(0, Math.min(first - Math.floor(slack / 2), tokens.length - SNIPPET_WORDS))
  }
  const end = Math.min(tokens.length, start + SNIPPET_WORDS)
  const from = start === 0 ? 0 : tokens[start]!.start
  const to = end === tokens.length ? text.length : tokens[end - 1]!.end
  const body = render(text, tokens, hits, from, to).trim()
  return `${start > 0 ? '…' : ''}${body}${end < tokens.length ? '…' : ''}`
}
