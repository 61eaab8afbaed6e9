import { describe, expect, it } from 'vitest'
import { fullNameIn, nameGender, surnameWithInitials, type TNameCase, type TPersonName } from '../../shared/person-names'

const nurlan = { last: 'Ахметов', first: 'Нурлан', middle: 'Серикович' }
const zhanar = { last: 'Ахметова', first: 'Жанар', middle: 'Сериковна' }
const alikhan = { last: 'Нұрланов', first: 'Әлихан', middle: 'Серікұлы' }
const aigerim = { last: 'Касымова', first: 'Айгерим', middle: 'Болатқызы' }
const kimF = { last: 'Ким', first: 'Елена', middle: 'Николаевна' }
const kimM = { last: 'Ким', first: 'Виктор', middle: 'Николаевич' }

describe('fullNameIn', () => {
  const table: Array<[TPersonName, TNameCase, string]> = [
    [nurlan, 'genitive', 'Ахметова Нурлана Сериковича'],
    [nurlan, 'dative', 'Ахметову Нурлану Сериковичу'],
    [nurlan, 'instrumental', 'Ахметовым Нурланом Сериковичем'],
    [zhanar, 'genitive', 'Ахметовой Жанар Сериковны'],
    [zhanar, 'dative', 'Ахметовой Жанар Сериковне'],
    [alikhan, 'genitive', 'Нұрланова Әлихана Серікұлы'],
    [aigerim, 'dative', 'Касымовой Айгерим Болатқызы'],
    [kimF, 'genitive', 'Ким Елены Николаевны'],
    [kimM, 'genitive', 'Кима Виктора Николаевича'],
    [{ last: 'Иванов', first: 'Илья', middle: 'Петрович' }, 'prepositional', 'Иванове Илье Петровиче'],
    [{ last: 'Бектұрғанов', first: 'Даурен' }, 'accusative', 'Бектұрғанова Даурена'],
    [nurlan, 'nominative', 'Ахметов Нурлан Серикович'],
  ]
  it.each(table)('%o in the %s → %s', (p, c, want) => expect(fullNameIn(p, c)).toBe(want))

  it('a gender the template gives wins over the guess', () => {
    expect(fullNameIn({ last: 'Ким', first: 'Саша' }, 'dative', 'female')).toBe('Ким Саше')
    expect(fullNameIn({ last: 'Ким', first: 'Саша' }, 'dative', 'male')).toBe('Киму Саше')
  })

  it('leaves a name whose gender nothing tells undeclined rather than guessing', () => {
    expect(nameGender({ first: 'Саша' })).toBeUndefined()
    expect(fullNameIn({ last: 'Ким', first: 'Саша' }, 'genitive')).toBe('Ким Саша')
  })
})

describe('nameGender', () => {
  it('reads the patronymic first (Kazakh forms included), then the surname', () => {
    expect([nurlan, zhanar, alikhan, aigerim, kimF, kimM].map((p) => nameGender(p))).toEqual(['male', 'female', 'male', 'female', 'female', 'male'])
    expect(nameGender({ last: 'Сулейменова', first: 'Сая' })).toBe('female')
  })
})

describe('surnameWithInitials', () => {
  it('declines the surname and keeps initials', () => {
    expect(surnameWithInitials(nurlan)).toBe('Ахметов Н. С.')
    expect(surnameWithInitials(zhanar, 'dative')).toBe('Ахметовой Ж. С.')
    expect(surnameWithInitials(alikhan, 'genitive')).toBe('Нұрланова Ә. С.')
  })
})
