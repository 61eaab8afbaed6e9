import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { AppErrorCode } from '../../server/lib/errors'

type TMessages = { [k: string]: string | TMessages }
const load = (code: string) => JSON.parse(readFileSync(resolve(__dirname, `../../locales/${code}.json`), 'utf8')) as TMessages

function keys(obj: TMessages, prefix = ''): string[] {
  return Object.entries(obj).flatMap(([k, v]) => (typeof v === 'string' ? [`${prefix}${k}`] : keys(v, `${prefix}${k}.`)))
}
function get(obj: TMessages, path: string): unknown {
  return path.split('.').reduce<unknown>((o, k) => (o && typeof o === 'object' ? (o as TMessages)[k] : undefined), obj)
}

const ru = load('ru')
const kk = load('kk')
const en = load('en')

describe('locales', () => {
  it('kk and en have exactly the keys of ru', () => {
    expect(keys(kk).sort()).toEqual(keys(ru).sort())
    expect(keys(en).sort()).toEqual(keys(ru).sort())
  })

  it('every AppError code has a message in every locale', () => {
    for (const code of Object.values(AppErrorCode)) {
      for (const [name, messages] of Object.entries({ ru, kk, en })) {
        expect(get(messages, `errors.${code.toLowerCase()}`), `${name}: errors.${code.toLowerCase()}`).toBeTypeOf('string')
      }
    }
  })

  it('Kazakh texts are Kazakh (use its own letters), not copied Russian', () => {
    const all = keys(kk).map((k) => String(get(kk, k)))
    const withKazakhLetters = all.filter((s) => /[әғқңөұүһі]/i.test(s))
    expect(withKazakhLetters.length / all.length).toBeGreaterThan(0.6)
    // Loanwords Kazakh writes exactly like Russian; anything else identical is an untranslated copy.
    const SAME_IN_BOTH = new Set(['Каталог', 'Конструктор', 'Провайдер', 'Операция', 'Драйвер', 'Телефон', 'Баланс', 'Файл'])
    const sameAsRussian = keys(kk).filter(
      (k) => get(kk, k) === get(ru, k) && /[а-я]{4}/i.test(String(get(ru, k))) && !SAME_IN_BOTH.has(String(get(ru, k))),
    )
    expect(sameAsRussian).toEqual([])
  })

  it('placeholders match across locales', () => {
    const params = (s: unknown) => (String(s).match(/\{\w+\}/g) ?? []).sort()
    for (const k of keys(ru)) {
      expect(params(get(kk, k)), `kk ${k}`).toEqual(params(get(ru, k)))
      expect(params(get(en, k)), `en ${k}`).toEqual(params(get(ru, k)))
    }
  })
})
