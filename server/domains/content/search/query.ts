import { analyse, lexemesOf, MAX_WORD, quoteLexeme, tokenize, type TToken } from './analyse'
import { SYNONYMS } from './synonyms'
import type { TSearchLocale } from './types'

/**
 * A person's query → a tsquery built from our own lexemes. The user's text never reaches
 * PostgreSQL's tsquery parser: it is cut into words (letters and digits only), and each
 * lexeme is quoted by us, so «&», «|», «!», «:*» or quotes in the input are just absent.
 */

/** Longest query text read, and most words kept: a query is a few words, not a document. */
export const MAX_QUERY_CHARS = 200
export const MAX_QUERY_WORDS = 10

export interface TQueryWord extends TToken {
  lexemes: string[]
}

/** One query word, or a phrase a synonym group matched: it matches when any alternative does. */
export interface TQueryUnit {
  /** Each alternative is a sequence of words, each word a set of lexemes (all must be present). */
  alternatives: string[][][]
}

type TPhrase = string[][]
const phraseCache = new Map<TSearchLocale, TPhrase[][]>()

async function synonymGroups(locale: TSearchLocale): Promise<TPhrase[][]> {
  let groups = phraseCache.get(locale)
  if (!groups) {
    groups = []
    for (const g of SYNONYMS[locale]) groups.push(await Promise.all(g.map(async (p) => (await analyse(p, locale)).map((t) => t.lexemes))))
    phraseCache.set(locale, groups)
  }
  return groups
}

/** Lexemes the synonym table knows: a query word among them is no typo even when no entry has it. */
export async function synonymLexemes(locale: TSearchLocale): Promise<Set<string>> {
  return new Set((await synonymGroups(locale)).flat(3))
}

const meets = (a: string[], b: string[]) => a.some((l) => b.includes(l))

/** The query's words (stop words and over-long words left out), bounded. */
export async function queryWords(q: string, locale: TSearchLocale): Promise<TQueryWord[]> {
  const text = q.slice(0, MAX_QUERY_CHARS)
  const out: TQueryWord[] = []
  for (const t of tokenize(text)) {
    if (t.word.length > MAX_WORD) continue
    const [a] = await analyse(t.word, locale)
    if (!a) continue
    out.push({ ...t, lexemes: a.lexemes })
    if (out.length >= MAX_QUERY_WORDS) break
  }
  return out
}

/** Units of the query: synonym phrases first (longest match at each place), then single words. */
export async function queryUnits(words: TQueryWord[], locale: TSearchLocale): Promise<TQueryUnit[]> {
  const groups = await synonymGroups(locale)
  const units: TQueryUnit[] = []
  for (let i = 0; i < words.length; ) {
    let best: { length: number; group: TPhrase[] } | undefined
    for (const group of groups) {
      for (const phrase of group) {
        const n = phrase.length
        if (n === 0 || i + n > words.length || (best && best.length >= n)) continue
        if (phrase.every((lex, k) => meets(lex, words[i + k]!.lexemes))) best = { length: n, group }
      }
    }
    if (best) {
      const own = words.slice(i, i + best.length).map((w) => w.lexemes)
      units.push({ alternatives: [own, ...best.group.filter((p) => p.length > 0)] })
      i += best.length
    } else {
      units.push({ alternatives: [[words[i]!.lexemes]] })
      i += 1
    }
  }
  return units
}

/** `weights` ('A': the title only) restricts every lexeme to document words of those weights. */
function unitQuery(u: TQueryUnit, weights = ''): string {
  const label = (l: string) => (weights ? `${quoteLexeme(l)}:${weights}` : quoteLexeme(l))
  const alts = u.alternatives.map((alt) => alt.map((lex) => `(${[...new Set(lex)].map(label).join(' | ')})`).join(' & '))
  return `(${[...new Set(alts)].map((a) => `(${a})`).join(' | ')})`
}

/** tsquery text: every unit required (`and`) or any (`or`). */
export function toTsquery(units: TQueryUnit[], mode: 'and' | 'or'): string {
  return units.map((u) => unitQuery(u)).join(mode === 'and' ? ' & ' : ' | ')
}

/** As toTsquery, matching title words only. */
export function titleTsquery(units: TQueryUnit[], mode: 'and' | 'or'): string {
  return units.map((u) => unitQuery(u, 'A')).join(mode === 'and' ? ' & ' : ' | ')
}

export function unitTsquery(u: TQueryUnit): string {
  return unitQuery(u)
}

/** Every lexeme a matched document word may have: what the highlighter marks. */
export function markableLexemes(units: TQueryUnit[]): Set<string> {
  return new Set(units.flatMap((u) => u.alternatives.flat(2)))
}

export { lexemesOf }
