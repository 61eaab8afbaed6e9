import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { AUDIT_ACTIONS, AUDIT_ACTION_NAMES } from '../../shared/history-actions'
import { CHAIN_PROBLEMS } from '../../shared/history'

// Every audit action is shown by name in the history lists: each needs a label in
// every language, and each entity type a filter label on the admin audit page.
const get = (obj: unknown, path: string): unknown =>
  path.split('.').reduce<unknown>((o, k) => (o && typeof o === 'object' ? (o as Record<string, unknown>)[k] : undefined), obj)

describe('history vocabulary in the locales', () => {
  for (const code of ['ru', 'kk', 'en']) {
    const messages = JSON.parse(readFileSync(resolve(__dirname, `../../locales/${code}.json`), 'utf8')) as unknown
    it(`${code}: every audit action and entity type has a label`, () => {
      const missing = [
        ...AUDIT_ACTION_NAMES.map((a) => `history.actions.${a}`),
        ...new Set(Object.values(AUDIT_ACTIONS).map((a) => `admin.audit.entities.${a.entityType}`)),
        // Each reason a chain check can give is shown on the admin audit page.
        ...CHAIN_PROBLEMS.map((r) => `admin.audit.reasons.${r}`),
      ].filter((k) => typeof get(messages, k) !== 'string')
      expect(missing).toEqual([])
    })
  }
})
