import { kazakhStem } from '../kazakh-stem'
import { russianLemmas } from '../russian-lemmas'
import type { TSearchLocale } from './types'

/**
 * Text analysis for search, done in Node on both sides (index and query) so they meet on
 * the same lexemes: Russian words become every base form the Hunspell dictionary gives
 * («участка» → участок, «стали» → стать and сталь), Kazakh words their suffix-stripped stem,
 * English words a light plural stemmer's output (Harman's S-stemmer: -ies → -y, -es, -s; no
 * more, since English is the catalog's third language and a wrong cut costs more than a
 * missed plural). Hyphenated words are split into their parts («купли-продажи» →
 * купля, продажа), so a query with or without the hyphen matches.
 */

export interface TToken {
  /** Lower case, ё as е. */
  word: string
  start: number
  end: number
}

const WORD = /[\p{L}\p{N}]+/gu

export function normalizeWord(w: string): string {
  return w.toLowerCase().replace(/ё/g, 'е')
}

export function tokenize(text: string): TToken[] {
  const out: TToken[] = []
  for (const m of text.matchAll(WORD)) out.push({ word: normalizeWord(m[0]), start: m.index, end: m.index + m[0].length })
  return out
}

// Words that carry no subject: dropped from the index and from queries, or a query
// «договор на оказание услуг» would require «на» to be present.
const STOP: Record<TSearchLocale, Set<string>> = {
  ru: new Set(
    'а без в во для до же за и из или к ко как ли на над не ни о об обо от по под при про с со у что чтобы это этот эта эти его ее их он она они мы вы я ты то так там тут уже при через между который которая которые свой своя свои своих своим сам'.split(' '),
  ),
  kk: new Set('және мен бен пен да де та те ғана үшін туралы бойынша немесе бұл осы сол ол олар біз сіз мен әр кез не'.split(' ')),
  en: new Set('a an and are as at be by for from in into is it of on or that the this to with'.split(' ')),
}

export function isStopWord(word: string, locale: TSearchLocale): boolean {
  return STOP[locale].has(word)
}

function englishStem(w: string): string {
  if (w.length > 4 && w.endsWith('ies') && !/[ae]ies$/.test(w)) return `${w.slice(0, -3)}y`
  if (w.length > 4 && /(?:ss|x|z|ch|sh)es$/.test(w)) return w.slice(0, -2)
  if (w.length > 3 && w.endsWith('s') && !/(?:ss|us|is)$/.test(w)) return w.slice(0, -1)
  return w
}

// Lemmas of words seen before: the dictionary lookup is a binary search over 3.4 MB, cheap
// but not free, and catalog texts repeat their words. Bounded so a flood of distinct
// words (a bench, an attacker's queries) cannot grow it without end.
const ruCache = new Map<string, string[]>()
const RU_CACHE_MAX = 50_000
export const MAX_WORD = 64

async function russian(word: string): Promise<string[]> {
  const hit = ruCache.get(word)
  if (hit) return hit
  // Digits and Latin words inside Russian text (VIN, DOCX, 2024) are kept as they are.
  const lemmas = /^[а-я]+$/.test(word) ? await russianLemmas(word) : []
  const out = lemmas.length ? lemmas : [word]
  if (ruCache.size >= RU_CACHE_MAX) ruCache.clear()
  ruCache.set(word, out)
  return out
}

/** Whether the Russian dictionary knows the word (a query word it knows is not a typo). */
export async function isDictionaryWord(word: string, locale: TSearchLocale): Promise<boolean> {
  return locale === 'ru' && /^[а-я]+$/.test(word) && (await russianLemmas(word)).length > 0
}

/** The lexemes of one normalised word (never empty; stop words are the caller's concern). */
export async function lexemesOf(word: string, locale: TSearchLocale): Promise<string[]> {
  if (locale === 'ru') return russian(word)
  if (locale === 'kk') return [kazakhStem(word)]
  return [englishStem(word)]
}

export interface TAnalysedToken extends TToken {
  lexemes: string[]
}

/** Tokens of a text with their lexemes, stop words left out. */
export async function analyse(text: string, locale: TSearchLocale): Promise<TAnalysedToken[]> {
  const out: TAnalysedToken[] = []
  for (const t of tokenize(text)) {
    // A "word" longer than any real one (a hash, a run of letters) is noise, and PostgreSQL
    // caps a lexeme at 2 KB.
    if (t.word.length > MAX_WORD || isStopWord(t.word, locale)) continue
    out.push({ ...t, lexemes: await lexemesOf(t.word, locale) })
  }
  return out
}

// PostgreSQL keeps positions up to 16383 and at most 256 per lexeme.
const MAX_POSITION = 16_383
const MAX_POSITIONS_PER_LEXEME = 255

export interface TWeightedField {
  text: string
  weight: 'A' | 'B' | 'C' | 'D'
}

/** Quotes a lexeme for tsvector / tsquery text input. */
export function quoteLexeme(lexeme: string): string {
  return `'${lexeme.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`
}

/**
 * A tsvector in PostgreSQL's text form from weighted fields, e.g. `'договор':1A,7C`.
 * Every lemma of a word gets the word's position, so phrase distance and cover density
 * see them as one word. Also returns the words seen, with their lexemes, for the vocabulary.
 */
export async function buildDocument(
  fields: TWeightedField[],
  locale: TSearchLocale,
): Promise<{ tsvector: string; words: Map<string, string[]> }> {
  const positions = new Map<string, string[]>()
  const words = new Map<string, string[]>()
  let pos = 0
  for (const f of fields) {
    for (const t of await analyse(f.text, locale)) {
      pos = Math.min(pos + 1, MAX_POSITION)
      words.set(t.word, t.lexemes)
      for (const l of t.lexemes) {
        const list = positions.get(l) ?? []
        if (list.length < MAX_POSITIONS_PER_LEXEME) list.push(`${pos}${f.weight}`)
        positions.set(l, list)
      }
    }
    // A gap between fields, so the last word of the title and the first of the summary are
    // not adjacent for cover density.
    pos = Math.min(pos + 8, MAX_POSITION)
  }
  const tsvector = [...positions].map(([l, p]) => `${quoteLexeme(l)}:${p.join(',')}`).join(' ')
  return { tsvector, words }
}
