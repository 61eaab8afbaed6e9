/**
 * A suffix stripper for Kazakh search terms, so that «шарт», «шартты», «шарттың» and
 * «шарттарының» meet at one index term. No stemmer or dictionary ships for Kazakh
 * (PostgreSQL's snowball set has none, nor does Hunspell's npm family), and Kazakh is
 * agglutinative: a noun takes plural, possessive and case endings in that order, each in a
 * back- or front-vowel form and with a first consonant that follows the stem's last sound.
 *
 * The stripper removes endings from the right, longest first, while what remains is long
 * enough to still be a word; it does not analyse. What matters for search is that the same
 * word in any of its forms gives the same term; a few unrelated words sharing a stem is an
 * acceptable cost (ranking and trigram similarity sort them out). Derivational endings
 * (-лық, -шы) are kept: they make different words («жалға беруші», the lessor).
 */

// Case endings (genitive, accusative, dative, locative, ablative, instrumental, and the
// locative-adjectival -дағы), in every harmonic and consonant-assimilated form.
const CASE = [
  'ның', 'нің', 'дың', 'дің', 'тың', 'тің',
  'ны', 'ні', 'ды', 'ді', 'ты', 'ті',
  'ға', 'ге', 'қа', 'ке', 'на', 'не',
  'нда', 'нде', 'да', 'де', 'та', 'те',
  'нан', 'нен', 'дан', 'ден', 'тан', 'тен',
  'мен', 'бен', 'пен', 'менен', 'бенен', 'пенен',
  'дағы', 'дегі', 'тағы', 'тегі', 'ндағы', 'ндегі',
  'ғы', 'гі', 'қы', 'кі',
  'н',
]
// Possessive endings (my, your, his/her/its, our, your-polite), incl. after plural.
const POSSESSIVE = [
  'ымыз', 'іміз', 'мыз', 'міз',
  'ыңыз', 'іңіз', 'ңыз', 'ңіз',
  'лары', 'лері', 'дары', 'дері', 'тары', 'тері',
  'ым', 'ім', 'ың', 'ің', 'сы', 'сі',
  'м', 'ң', 'ы', 'і',
]
const PLURAL = ['лар', 'лер', 'дар', 'дер', 'тар', 'тер']
// The dative after a first- or second-person possessive: «шартыма», «келісіміңе».
const SINGLE_VOWEL = ['а', 'е']

const ENDINGS = [...new Set([...CASE, ...POSSESSIVE, ...PLURAL, ...SINGLE_VOWEL])].sort((a, b) => b.length - a.length)

/** Letters a stem keeps at least: shorter ones are roots already («үй», «іс», «ақ»). */
const MIN_STEM = 3
/** One-letter endings are stripped only from longer words: «ана» (mother) is not «ан» + а. */
const MIN_STEM_AFTER_ONE_LETTER = 4

// How an ending's first sound follows the stem's last one (Kazakh assimilation): «шарт-тың»
// after a voiceless consonant, «тарап-қа», «келісім-нің» after м/н/ң, «жалдау-дың» after a
// voiced one, «ақша-ның» after a vowel. Checking it keeps «шарты» (шарт + ы) from being read
// as «шар» + ты, which Kazakh would have spelt «шарды». у, и and й close a syllable like
// voiced consonants.
const VOWELS = new Set('аәеёоөұүыіэюя')
const VOICELESS = new Set('пткқсшщфхһцчбвгғд')
const NASAL = new Set('мнң')

function fits(stem: string, ending: string): boolean {
  const last = stem.at(-1)!
  const first = ending[0]!
  const vowel = VOWELS.has(last)
  const voiceless = VOICELESS.has(last)
  switch (first) {
    case 'т':
    case 'қ':
    case 'к':
    case 'п':
      return voiceless
    case 'д':
    case 'ғ':
    case 'г':
    case 'б':
    case 'л':
      return !voiceless
    case 'н':
      return vowel || NASAL.has(last)
    case 'м':
      return !voiceless
    case 'с':
      return vowel
    case 'ң':
      return vowel
    case 'а':
    case 'е':
      return ending.length === 1 ? last === 'м' || last === 'ң' : !vowel
    default:
      // ы/і-initial possessives follow a consonant.
      return !vowel
  }
}

function stripOne(word: string, endings: readonly string[]): string | undefined {
  for (const e of endings) {
    if (!word.endsWith(e)) continue
    const rest = word.length - e.length
    if (rest < (e.length === 1 ? MIN_STEM_AFTER_ONE_LETTER : MIN_STEM)) continue
    const stem = word.slice(0, rest)
    if (fits(stem, e)) return stem
  }
  return undefined
}

/** The index term for one Kazakh word (lower-cased, Cyrillic). */
export function kazakhStem(input: string): string {
  let word = input.toLocaleLowerCase('kk').normalize('NFC')
  if (!/^[\p{L}-]+$/u.test(word)) return word
  // Endings come in order stem + plural + possessive + case, but a stem may itself end like an
  // ending («келісім» in -ім): peeling until nothing more comes off makes every form of a word
  // land on the same term even where that term is shorter than the real stem.
  for (let round = 0; round < 6; round++) {
    const next = stripOne(word, ENDINGS)
    if (!next) break
    word = next
  }
  return word
}

/** Kazakh words of a text (letters and inner hyphens), each as its index term. */
export function kazakhTerms(text: string): string[] {
  return (text.match(/[\p{L}]+(?:-[\p{L}]+)*/gu) ?? []).map(kazakhStem)
}
