import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { DOCUMENT_ERROR_TEXTS, documentErrorText } from '../../shared/document-messages'

const DIR = path.resolve(import.meta.dirname, '../../server/domains/document')

describe('document refusals have their texts', () => {
  it('every reason the domain throws has ru, kk and en', () => {
    const source = readdirSync(DIR).filter((f) => f.endsWith('.ts')).map((f) => readFileSync(path.join(DIR, f), 'utf8')).join('\n')
    const reasons = new Set<string>()
    for (const m of source.matchAll(/document(?:Conflict|Invalid|Forbidden)\(\s*'([a-z_]+)'/g)) reasons.add(m[1]!)
    for (const m of source.matchAll(/documentNotFound\('([a-z_]+)'\)/g)) reasons.add(`${m[1]}_not_found`)
    expect(reasons.size).toBeGreaterThan(8)
    for (const r of reasons) {
      const t = (DOCUMENT_ERROR_TEXTS as Record<string, { ru: string; kk: string; en: string }>)[r]
      expect(t, r).toBeDefined()
      expect(t!.ru && t!.kk && t!.en, r).toBeTruthy()
    }
  })

  it('picks the language', () => {
    expect(documentErrorText('payment_required', 'kk')).toMatch(/ақылы/)
    expect(documentErrorText('payment_required', 'en')).toMatch(/paid/)
    expect(documentErrorText('payment_required', 'ru')).toMatch(/платный/)
  })

  it('are in locales/ under errors.document, word for word, so a refusal shows translated', () => {
    for (const lang of ['ru', 'kk', 'en'] as const) {
      const messages = JSON.parse(readFileSync(path.resolve(import.meta.dirname, `../../locales/${lang}.json`), 'utf8')) as { errors: { document: Record<string, string> } }
      const expected = Object.fromEntries(Object.entries(DOCUMENT_ERROR_TEXTS).map(([k, t]) => [k, t[lang]]))
      expect(messages.errors.document, lang).toEqual(expected)
    }
  })
})
