import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { AUDIT_DIFF_FIELDS, AUDIT_VALUE_LABELS, auditDiffRows } from '../../shared/history-fields'

const get = (obj: unknown, path: string): unknown =>
  path.split('.').reduce<unknown>((o, k) => (o && typeof o === 'object' ? (o as Record<string, unknown>)[k] : undefined), obj)

// What workspace.create records on each site (all requisites, the other region's empty).
const KZ_COMPANY = { name: 'ТОО Ромашка', bin: '123456789012', inn: null, ogrn: null }
const RU_COMPANY = { name: 'ООО Ромашка', bin: null, inn: '7707083893', ogrn: '1027700132195' }

describe('audit diff rows', () => {
  it('the Kazakhstan site shows no INN/OGRN rows, the Russian site no BIN/IIN rows', () => {
    expect(auditDiffRows(KZ_COMPANY, 'kz').map((r) => r.key)).toEqual(['name', 'bin'])
    expect(auditDiffRows(RU_COMPANY, 'ru').map((r) => r.key)).toEqual(['name', 'inn', 'ogrn'])
    expect(auditDiffRows({ iin: { changed: true, set: true } }, 'kz')).toEqual([{ key: 'iin', kind: 'changed' }])
  })

  it('a number of the other region that was really set is still shown (nothing is hidden that happened)', () => {
    expect(auditDiffRows({ inn: { from: null, to: '7707083893' } }, 'kz')).toEqual([{ key: 'inn', kind: 'fromTo', from: null, to: '7707083893' }])
  })

  it('tells changes, masked changes and plain values apart', () => {
    expect(auditDiffRows({ role: { from: 'member', to: 'admin' }, iin: { changed: true }, sessionsEnded: 2, roles: ['user'] }, 'kz')).toEqual([
      { key: 'role', kind: 'fromTo', from: 'member', to: 'admin' },
      { key: 'iin', kind: 'changed' },
      { key: 'sessionsEnded', kind: 'value', value: 2 },
      { key: 'roles', kind: 'value', value: ['user'] },
    ])
    expect(auditDiffRows(null, 'kz')).toEqual([])
    expect(auditDiffRows(['x'], 'ru')).toEqual([])
  })
})

describe('audit field labels in the locales', () => {
  for (const code of ['ru', 'kk', 'en']) {
    const messages = JSON.parse(readFileSync(resolve(__dirname, `../../locales/${code}.json`), 'utf8')) as unknown
    it(`${code}: every diff field has a label, and the value vocabularies exist`, () => {
      expect(AUDIT_DIFF_FIELDS.filter((f) => typeof get(messages, `history.fields.${f}`) !== 'string')).toEqual([])
      expect(Object.values(AUDIT_VALUE_LABELS).filter((prefix) => typeof get(messages, prefix) !== 'object')).toEqual([])
      // A workspace's or group's name is a title, not a person's name.
      expect(['workspace', 'group'].filter((e) => typeof get(messages, `history.entityFields.${e}.name`) !== 'string')).toEqual([])
    })
  }

  it('every key the domains write into a diff is in AUDIT_DIFF_FIELDS', () => {
    // The diff keys written by audit() calls in the server code, read from the source.
    const files = ['workspace/groups.ts', 'workspace/invites.ts', 'workspace/members.ts', 'workspace/workspaces.ts', 'auth/admin-users.ts', 'auth/change-phone.ts', 'history/listeners.ts']
    const keys = new Set<string>()
    for (const f of files) {
      const src = readFileSync(resolve(__dirname, '../../server/domains', f), 'utf8')
      for (const m of src.matchAll(/diff: \{ (.*) \}/g)) {
        // Top-level keys only: drop nested objects ({ from, to }) and calls first.
        let body = m[1]!
        for (let prev = ''; prev !== body; ) [prev, body] = [body, body.replace(/\{[^{}]*\}|\([^()]*\)/g, '')]
        for (const k of body.matchAll(/(?:^|, )(\w+)(?=:|,|$)/g)) keys.add(k[1]!)
      }
    }
    keys.delete('requisites')
    expect(keys.size).toBeGreaterThan(5)
    expect([...keys].filter((k) => !(AUDIT_DIFF_FIELDS as readonly string[]).includes(k))).toEqual([])
  })
})
