import { ZxcvbnFactory, type TranslationKeys } from '@zxcvbn-ts/core'
import { adjacencyGraphs, dictionary as commonDictionary } from '@zxcvbn-ts/language-common'
import { dictionary as enDictionary, translations as en } from '@zxcvbn-ts/language-en'

/**
 * Strength of a new password, estimated by zxcvbn-ts (common passwords, words, names,
 * keyboard walks, repeats, sequences, dates). Below MIN_SCORE it is refused. The
 * estimator's feedback comes back as its own keys (every translation below maps a key
 * to itself), which we turn into field codes translated in locales/*.json, so a ru
 * reader never sees the library's English.
 */
export const MIN_SCORE = 3

function keysOnly<T extends Record<string, string>>(o: T): T {
  return Object.fromEntries(Object.keys(o).map((k) => [k, k])) as T
}

let factory: ZxcvbnFactory | undefined
function estimator(): ZxcvbnFactory {
  // Built on first use: ranking the dictionaries takes a few hundred ms.
  factory ??= new ZxcvbnFactory({
    dictionary: { ...commonDictionary, ...enDictionary },
    graphs: adjacencyGraphs,
    translations: {
      warnings: keysOnly(en.warnings),
      suggestions: keysOnly(en.suggestions),
      timeEstimation: en.timeEstimation,
    } as TranslationKeys,
  })
  return factory
}

export interface TStrength {
  score: number
  /** Field codes, most telling first: `pw_warn_<key>`, `pw_hint_<key>`, then `password_weak`. */
  problems: string[]
}

/** `userInputs`: the person's own email, name... (a password built from them is weak). */
export function passwordStrength(password: string, userInputs: string[] = []): TStrength {
  const r = estimator().check(password, userInputs.filter(Boolean).flatMap((v) => [v, ...v.split(/[@.\s]+/)]))
  // A password that is, as a whole, on the common-password list is refused whatever the score.
  const common = r.sequence.some(
    (m) => m.pattern === 'dictionary' && String(m.dictionaryName).startsWith('passwords') && m.token.length === password.length,
  )
  // Mostly the person's own email or name: strong for a stranger, weak for anyone who knows them.
  const personal =
    r.sequence.filter((m) => m.pattern === 'dictionary' && m.dictionaryName === 'userInputs').reduce((n, m) => n + m.token.length, 0) * 2 >
    password.length
  if (r.score >= MIN_SCORE && !common && !personal) return { score: r.score, problems: [] }
  const problems: string[] = []
  if (r.feedback.warning) problems.push(`pw_warn_${r.feedback.warning}`)
  else if (common) problems.push('pw_warn_common')
  else if (personal) problems.push('pw_warn_userInputs')
  for (const s of r.feedback.suggestions) problems.push(`pw_hint_${s}`)
  problems.push('password_weak')
  return { score: r.score, problems: [...new Set(problems)] }
}

/** Every field code passwordStrength may return (the locale files must translate each). */
export const STRENGTH_CODES = [
  ...Object.keys(en.warnings).map((k) => `pw_warn_${k}`),
  ...Object.keys(en.suggestions).map((k) => `pw_hint_${k}`),
  'password_weak',
]
