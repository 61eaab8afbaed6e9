import type { TDb } from '../../../lib/db'
import { isDictionaryWord, lexemesOf } from './analyse'
import { synonymLexemes, type TQueryWord } from './query'
import type { TSearchLocale } from './types'

/**
 * Typo correction: a query word that is neither in the index's vocabulary (search_words),
 * nor gives a lexeme the index holds, nor is a word the Russian dictionary knows, is
 * replaced by the indexed word nearest to it: candidates by trigram distance (pg_trgm's
 * GiST index, nearest first), the winner by edit distance. A real word the index lacks (a dictionary word, or one the synonym table names) is left alone (it
 * simply finds nothing), so a correct query is never "corrected" into another one.
 */

/** Shorter words are too ambiguous to correct («иск» vs «ИП»). */
const MIN_LENGTH = 4

/** Below this, trigram neighbours share too little to be the same word mistyped («дагавор»/«договор» is 0.23). */
const MIN_SIMILARITY = 0.2

/** Edits allowed for a word of n letters. */
function allowed(n: number): number {
  return n <= 5 ? 1 : n <= 9 ? 2 : 3
}

export function levenshtein(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j)
  for (let i = 1; i <= a.length; i++) {
    const cur = [i]
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1))
    }
    prev = cur
  }
  return prev[b.length]!
}

export interface TCorrection {
  words: TQueryWord[]
  /** The query text with the corrected words put in place of the typed ones. */
  text(original: string): string
}

export async function correctWords(db: TDb, words: TQueryWord[], locale: TSearchLocale): Promise<TCorrection | undefined> {
  const candidates = words.filter((w) => w.word.length >= MIN_LENGTH && !/\d/.test(w.word))
  if (candidates.length === 0) return undefined
  const known = await db.$queryRawUnsafe<{ word: string }[]>(
    `SELECT q AS word FROM unnest($2::text[]) AS q
     WHERE EXISTS (SELECT 1 FROM search_words WHERE locale = $1 AND word = q)
        OR EXISTS (SELECT 1 FROM search_words WHERE locale = $1 AND lexemes @> ARRAY[q])`,
    locale,
    [...new Set(candidates.flatMap((w) => [w.word, ...w.lexemes]))],
  )
  const knownSet = new Set([...known.map((k) => k.word), ...(await synonymLexemes(locale))])
  const fixed = new Map<TQueryWord, string>()
  for (const w of candidates) {
    if (knownSet.has(w.word) || w.lexemes.some((l) => knownSet.has(l)) || (await isDictionaryWord(w.word, locale))) continue
    const near = await db.$queryRawUnsafe<{ word: string; s: number }[]>(
      `SELECT word, similarity(word, $2)::float8 AS s FROM search_words
       WHERE locale = $1 ORDER BY word <-> $2, word LIMIT 20`,
      locale,
      w.word,
    )
    let best: { word: string; d: number; s: number } | undefined
    for (const n of near) {
      const d = levenshtein(w.word, n.word)
      if (d > allowed(w.word.length) || n.s < MIN_SIMILARITY) continue
      if (!best || d < best.d || (d === best.d && n.s > best.s)) best = { word: n.word, d, s: n.s }
    }
    if (best) fixed.set(w, best.word)
  }
  if (fixed.size === 0) return undefined
  const out: TQueryWord[] = []
  for (const w of words) {
    const to = fixed.get(w)
    out.push(to ? { ...w, word: to, lexemes: await lexemesOf(to, locale) } : w)
  }
  return {
    words: out,
    text(original) {
      let text = original
      // From the end, so earlier offsets stay valid.
      for (const [w, to] of [...fixed].sort((a, b) => b[0].start - a[0].start)) text = text.slice(0, w.start) + to + text.slice(w.end)
      return text.trim()
    },
  }
}
