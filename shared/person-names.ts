import { getGender, inclineFirstname, inclineLastname, inclineMiddlename } from 'lvovich'

/**
 * Russian declension of a person's name for templates: «в лице директора Ахметова Нурлана
 * Сериковича», «выдана Ахметовой Жанар Сериковне». lvovich holds the Russian rules; what it
 * does not know is Kazakh naming: patronymics written the Kazakh way (Серікұлы, Болатқызы)
 * do not decline in Russian and tell the gender, and many Kazakh first names (Жанар, Айгерим)
 * are female though they end in a consonant, so its guess from the first name alone would
 * decline them as male. The gender is therefore read from the patronymic and the surname
 * first, from lvovich's guess last, and can be given by the template (a question's answer).
 */

export type TNameCase = 'nominative' | 'genitive' | 'dative' | 'accusative' | 'instrumental' | 'prepositional'
export type TNameGender = 'male' | 'female'
export interface TPersonName {
  last?: string
  first?: string
  middle?: string
}

export const NAME_CASES: readonly TNameCase[] = ['nominative', 'genitive', 'dative', 'accusative', 'instrumental', 'prepositional']

const KAZAKH_PATRONYMIC = /(?:улы|ұлы|уулу|кызы|қызы)$/i
const FEMALE_PATRONYMIC = /(?:вна|чна|кызы|қызы)$/i
const MALE_PATRONYMIC = /(?:вич|ич|улы|ұлы|уулу)$/i
const FEMALE_SURNAME = /(?:ова|ева|ёва|ина|ына|ая|ская|цкая)$/i
const MALE_SURNAME = /(?:ов|ев|ёв|ин|ын|ский|цкий|ой)$/i

/** The gender to decline by: the patronymic, then the surname, then lvovich's guess; undefined when none tells. */
export function nameGender(p: TPersonName): TNameGender | undefined {
  const middle = p.middle?.trim()
  if (middle && FEMALE_PATRONYMIC.test(middle)) return 'female'
  if (middle && MALE_PATRONYMIC.test(middle)) return 'male'
  const last = p.last?.trim()
  if (last && FEMALE_SURNAME.test(last)) return 'female'
  if (last && MALE_SURNAME.test(last)) return 'male'
  const g = getGender({ first: p.first?.trim(), last, middle })
  return g === 'male' || g === 'female' ? g : undefined
}

/** Each part of the name in the case asked for (parts not given stay absent). */
export function declineName(p: TPersonName, nameCase: TNameCase, gender: TNameGender | undefined = nameGender(p)): TPersonName {
  const parts = { last: p.last?.trim() || undefined, first: p.first?.trim() || undefined, middle: p.middle?.trim() || undefined }
  if (nameCase === 'nominative') return parts
  // Without a gender lvovich would guess from the first name alone; a consonant-final Kazakh
  // female name would then be declined as male. Leave what cannot be told undeclined instead.
  if (!gender) return parts
  // lvovich's incline() re-guesses the gender from the parts; the per-part functions take ours.
  return {
    ...(parts.last ? { last: inclineLastname(parts.last, nameCase, gender) } : {}),
    ...(parts.first ? { first: inclineFirstname(parts.first, nameCase, gender) } : {}),
    ...(parts.middle ? { middle: KAZAKH_PATRONYMIC.test(parts.middle) ? parts.middle : inclineMiddlename(parts.middle, nameCase, gender) } : {}),
  }
}

/** «Ахметова Нурлана Сериковича»: surname, name, patronymic, in the case asked for. */
export function fullNameIn(p: TPersonName, nameCase: TNameCase, gender?: TNameGender): string {
  const d = declineName(p, nameCase, gender ?? nameGender(p))
  return [d.last, d.first, d.middle].filter(Boolean).join(' ')
}

/** «Ахметова Н. С.»: the surname in the case asked for with initials, as signatures are typed. */
export function surnameWithInitials(p: TPersonName, nameCase: TNameCase = 'nominative', gender?: TNameGender): string {
  const d = declineName(p, nameCase, gender ?? nameGender(p))
  const initials = [p.first, p.middle].map((s) => s?.trim()).filter((s): s is string => Boolean(s)).map((s) => `${s[0]!.toLocaleUpperCase('ru')}.`)
  return [d.last, initials.join(' ')].filter(Boolean).join(' ')
}
