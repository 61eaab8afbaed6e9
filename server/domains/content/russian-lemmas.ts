/**
 * Russian lemmas for search from the Hunspell ru dictionary (dictionary-ru): «участка»,
 * «участком» and «участок» all give «участок», which PostgreSQL's stock `russian` snowball
 * stemmer cannot do (it cuts «участок» to «участок» but «участка» to «участк», so a query
 * «земельный участок» missed «земельного участка»). Hunspell's dictionary lists each word's
 * base form with affix flags; reading a word means undoing a suffix rule: for every rule whose
 * ending the word has, the base is the word without that ending plus what the rule strips,
 * and it counts when the dictionary has that base with the rule's flag and the base ends as
 * the rule's condition says.
 *
 * Memory: the dictionary stays as its UTF-8 bytes sorted line by line (3.4 MB, outside the JS
 * heap) with an offset table, searched by binary search, instead of a Map of 146,000 strings
 * (~15 MB of heap). It is loaded on first use.
 *
 * Load cost: parsing the .dic/.aff text took ~600 ms and ~50 MB of transient RSS, paid by
 * the first upsert inside a publish transaction. The parsed form (sorted bytes, offsets,
 * rules) is therefore written once to a cache file (D24_CACHE_DIR, default the OS temp
 * directory: no build step, and the Nitro and worker bundles need nothing beyond what they
 * already ship) and later processes read that file in one go. A missing, stale or
 * unwritable cache only means the slow parse again, never a wrong answer.
 */
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'

/** Bump with a change to the cache layout or to parsing; dictionary-ru is pinned (package.json). */
const CACHE_KEY = 'ru-lexicon-v1-dictionary-ru-3.0.0'
const MAGIC = 'D24LEX1\n'

interface TRule {
  flag: string
  strip: string
  add: string
  condition: RegExp
}

interface TLexicon {
  /** Sorted "word\0FLAGS" lines (FLAGS may be empty), UTF-8, each ending in \n. */
  bytes: Buffer
  starts: Uint32Array
  /** Rules by the ending they add. */
  byAdd: Map<string, TRule[]>
  maxAdd: number
}

let lexicon: Promise<TLexicon> | undefined

const normalize = (w: string) => w.toLowerCase().replace(/ё/g, 'е')

function parseAff(aff: string): { byAdd: Map<string, TRule[]>; maxAdd: number } {
  const byAdd = new Map<string, TRule[]>()
  let maxAdd = 0
  for (const line of aff.split('\n')) {
    const m = /^SFX\s+(\S)\s+(\S+)\s+(\S+)\s+(\S+)/.exec(line)
    if (!m) continue
    const [, flag, strip, add, cond] = m as unknown as [string, string, string, string, string]
    const rule: TRule = {
      flag,
      strip: strip === '0' ? '' : normalize(strip),
      add: add === '0' ? '' : normalize(add),
      // Hunspell's condition is a pattern of letters and [classes] the base must end with.
      condition: new RegExp(`${cond === '.' ? '' : normalize(cond)}$`),
    }
    const list = byAdd.get(rule.add) ?? []
    list.push(rule)
    byAdd.set(rule.add, list)
    maxAdd = Math.max(maxAdd, rule.add.length)
  }
  return { byAdd, maxAdd }
}

function cacheFile(): string {
  return path.join(process.env.D24_CACHE_DIR || path.join(tmpdir(), 'd24-cache'), `${CACHE_KEY}.bin`)
}

type TRuleRow = [flag: string, strip: string, add: string, condition: string]

/**
 * Layout: MAGIC, uint32 header length, the header JSON (rules, entry count, byte length),
 * padding to 4, the offsets (uint32, little-endian), then the sorted lines.
 */
function encodeCache(lex: TLexicon): Buffer {
  const rules: TRuleRow[] = []
  for (const list of lex.byAdd.values()) for (const r of list) rules.push([r.flag, r.strip, r.add, r.condition.source])
  const header = Buffer.from(JSON.stringify({ rules, count: lex.starts.length, bytes: lex.bytes.length }))
  const head = MAGIC.length + 4 + header.length
  const pad = (4 - (head % 4)) % 4
  const prefix = Buffer.alloc(head + pad)
  prefix.write(MAGIC, 0, 'latin1')
  prefix.writeUInt32LE(header.length, MAGIC.length)
  header.copy(prefix, MAGIC.length + 4)
  const starts = Buffer.from(lex.starts.buffer, lex.starts.byteOffset, lex.starts.byteLength)
  return Buffer.concat([prefix, starts, lex.bytes])
}

function decodeCache(buf: Buffer): TLexicon | undefined {
  if (buf.length < MAGIC.length + 4 || buf.toString('latin1', 0, MAGIC.length) !== MAGIC) return undefined
  const headerLength = buf.readUInt32LE(MAGIC.length)
  const head = MAGIC.length + 4 + headerLength
  const { rules, count, bytes } = JSON.parse(buf.toString('utf8', MAGIC.length + 4, head)) as { rules: TRuleRow[]; count: number; bytes: number }
  const at = head + ((4 - (head % 4)) % 4)
  if (buf.length !== at + count * 4 + bytes) return undefined
  // A Uint32Array view needs a 4-aligned offset; readFile's buffer starts at 0, but copy if not.
  const aligned = (buf.byteOffset + at) % 4 === 0
  const starts = aligned ? new Uint32Array(buf.buffer, buf.byteOffset + at, count) : new Uint32Array(buf.buffer.slice(buf.byteOffset + at, buf.byteOffset + at + count * 4))
  const byAdd = new Map<string, TRule[]>()
  let maxAdd = 0
  for (const [flag, strip, add, condition] of rules) {
    const list = byAdd.get(add) ?? []
    list.push({ flag, strip, add, condition: new RegExp(condition) })
    byAdd.set(add, list)
    maxAdd = Math.max(maxAdd, add.length)
  }
  return { bytes: buf.subarray(at + count * 4), starts, byAdd, maxAdd }
}

async function load(): Promise<TLexicon> {
  const file = cacheFile()
  try {
    const lex = decodeCache(await readFile(file))
    if (lex) return lex
  } catch {
    // No cache yet (or unreadable): parse below and write it.
  }
  const lex = await parse()
  try {
    await mkdir(path.dirname(file), { recursive: true })
    // Written aside and renamed, so a process reading at the same time sees all or nothing.
    const tmp = `${file}.${process.pid}.tmp`
    await writeFile(tmp, encodeCache(lex))
    await rename(tmp, file)
  } catch {
    // A read-only file system: every start parses, as before.
  }
  return lex
}

/**
 * Loads the dictionary now, so the first search or publish does not pay for it. Called at
 * worker start and before a publish transaction opens; errors surface at the real use.
 */
export function warmRussianLemmas(): Promise<void> {
  return (lexicon ??= load()).then(
    () => undefined,
    () => undefined,
  )
}

async function parse(): Promise<TLexicon> {
  const { default: dictionary } = await import('dictionary-ru')
  const { byAdd, maxAdd } = parseAff(Buffer.from(dictionary.aff).toString('utf8'))
  // The first line is the entry count. Words are lower-cased with ё folded (flags are
  // case-sensitive letters and stay), so a proper noun and a common word can fold to one
  // word («Роза», «роза»): their flags are merged, or a lookup would find only one of them.
  const entries = new Map<string, string>()
  for (const line of Buffer.from(dictionary.dic).toString('utf8').split('\n').slice(1)) {
    if (!line) continue
    const slash = line.indexOf('/')
    const word = normalize(slash === -1 ? line : line.slice(0, slash))
    entries.set(word, (entries.get(word) ?? '') + (slash === -1 ? '' : line.slice(slash + 1)))
  }
  // Stored as "word\0FLAGS\n": the NUL sorts below every letter, so the byte order of whole
  // lines is the order of their words, the order flagsOf's binary search compares in.
  const encoded = [...entries].map(([word, flags]) => Buffer.from(`${word}\0${flags}\n`))
  entries.clear()
  encoded.sort(Buffer.compare)
  const bytes = Buffer.concat(encoded)
  const starts = new Uint32Array(encoded.length)
  let at = 0
  encoded.forEach((b, i) => {
    starts[i] = at
    at += b.length
  })
  return { bytes, starts, byAdd, maxAdd }
}

/** The flags of `word` in the dictionary ('' when it has none), or undefined when it is not there. */
function flagsOf(lex: TLexicon, word: string): string | undefined {
  const key = Buffer.from(word)
  const entry = (i: number) => {
    const start = lex.starts[i]!
    const end = i + 1 < lex.starts.length ? lex.starts[i + 1]! - 1 : lex.bytes.length - 1
    return { start, end }
  }
  // Entries are "word\0FLAGS": compare the word part.
  let lo = 0
  let hi = lex.starts.length - 1
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1
    const { start, end } = entry(mid)
    const nul = lex.bytes.indexOf(0, start)
    const cmp = Buffer.compare(lex.bytes.subarray(start, nul), key)
    if (cmp === 0) return lex.bytes.toString('utf8', nul + 1, end)
    if (cmp < 0) lo = mid + 1
    else hi = mid - 1
  }
  return undefined
}

/** The dictionary base forms of a word (lower case, ё as е); [] when the dictionary does not know it. */
export async function russianLemmas(word: string): Promise<string[]> {
  return lemmasWith(await (lexicon ??= load()), word)
}

function lemmasWith(lex: TLexicon, raw: string): string[] {
  const word = normalize(raw)
  if (!/^[а-я]+(?:-[а-я]+)*$/.test(word)) return []
  // «купли-продажи»: each part on its own, joined back («купля-продажа»).
  if (word.includes('-')) {
    const parts = word.split('-').map((p) => lemmasWith(lex, p)[0])
    return parts.every(Boolean) ? [parts.join('-')] : []
  }
  const out = new Set<string>()
  if (flagsOf(lex, word) !== undefined) out.add(word)
  // n = 0: rules that add nothing (the genitive plural «услуг» of «услуга»).
  for (let n = 0; n <= Math.min(lex.maxAdd, word.length - 1); n++) {
    const rules = lex.byAdd.get(n === 0 ? '' : word.slice(-n))
    if (!rules) continue
    for (const r of rules) {
      const base = word.slice(0, word.length - n) + r.strip
      if (!r.condition.test(base)) continue
      const flags = flagsOf(lex, base)
      if (flags?.includes(r.flag)) out.add(base)
    }
  }
  return [...out]
}

/** Every word of a text as its lemmas (the word itself when the dictionary does not know it). */
export async function russianTerms(text: string): Promise<string[]> {
  const lex = await (lexicon ??= load())
  const out: string[] = []
  for (const w of text.match(/[\p{L}]+(?:-[\p{L}]+)*/gu) ?? []) {
    const lemmas = lemmasWith(lex, w)
    out.push(...(lemmas.length ? lemmas : [normalize(w)]))
  }
  return out
}
