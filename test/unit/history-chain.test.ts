import { describe, expect, it } from 'vitest'
import { AUDIT_ACTIONS, isAuditAction, SECURITY_ACTIONS } from '../../shared/history-actions'
import { canonicalJson, checkpointMac, GENESIS_HASH, LEGACY_SCOPE, rowHash, scopeOf, type TChainRow, type TCheckpointHeads } from '../../server/domains/history/chain'

const row: TChainRow = {
  id: 7n,
  scope: 'workspace:0c8e2c1a-8f1e-4b7a-9d3c-2b1f0e9a8c77',
  seq: 3n,
  at: new Date('2026-01-02T03:04:05.678Z'),
  actorUserId: '6f1c7c9e-1b7e-4a53-9a52-3b3f1f0b8a11',
  workspaceId: null,
  action: 'member.role_change',
  entityType: 'member',
  entityId: 'u1',
  ip: '10.0.0.1',
  userAgent: 'ua',
  diff: { role: { to: 'admin', from: 'member' } },
  eventId: null,
}

describe('audit hash chain', () => {
  it('canonical JSON sorts keys at every depth and drops undefined', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, { z: 1, y: null }], c: undefined } })).toBe('{"a":{"d":[2,{"y":null,"z":1}]},"b":1}')
    expect(canonicalJson({ a: 1, b: 2 })).toBe(canonicalJson({ b: 2, a: 1 }))
  })

  it('a row hash depends on the previous hash and on every field, not on key order', () => {
    const h = rowHash(GENESIS_HASH, row)
    expect(h).toMatch(/^[0-9a-f]{64}$/)
    expect(rowHash(GENESIS_HASH, { ...row, diff: { role: { from: 'member', to: 'admin' } } })).toBe(h)
    expect(rowHash(GENESIS_HASH, { ...row, seq: '3' })).toBe(h)
    // The insert assigns the id: a scoped row's hash covers its scope and position instead.
    expect(rowHash(GENESIS_HASH, { ...row, id: 8n })).toBe(h)
    expect(rowHash('f'.repeat(64), row)).not.toBe(h)
    for (const change of [{ seq: 4n }, { scope: 'user:6f1c7c9e-1b7e-4a53-9a52-3b3f1f0b8a11' }, { at: new Date(row.at.getTime() + 1) }, { ip: null }, { action: 'member.remove' }, { diff: null }, { entityId: 'u2' }]) {
      expect(rowHash(GENESIS_HASH, { ...row, ...change }), Object.keys(change)[0]).not.toBe(h)
    }
  })

  it('rows of the old single chain keep their hash (id, no scope or seq)', () => {
    const legacy = { ...row, scope: LEGACY_SCOPE, seq: 99n }
    const h = rowHash(GENESIS_HASH, legacy)
    expect(rowHash(GENESIS_HASH, { ...legacy, seq: 1n })).toBe(h)
    expect(rowHash(GENESIS_HASH, { ...legacy, id: 8n })).not.toBe(h)
  })

  it('scopes: the workspace, else the actor, else the system', () => {
    expect(scopeOf({ workspaceId: 'w', actorUserId: 'u' })).toBe('workspace:w')
    expect(scopeOf({ workspaceId: null, actorUserId: 'u' })).toBe('user:u')
    expect(scopeOf({ actorUserId: null })).toBe('system')
  })

  it('a checkpoint MAC depends on the key, the previous MAC and every head', () => {
    const c = { id: 3n, at: new Date('2026-01-02T03:04:05.678Z'), heads: [['system', '4', 'a'.repeat(64)]] as TCheckpointHeads }
    const mac = checkpointMac('k'.repeat(32), GENESIS_HASH, c)
    expect(mac).toMatch(/^[0-9a-f]{64}$/)
    expect(checkpointMac('k'.repeat(32), GENESIS_HASH, { ...c, id: '3' })).toBe(mac)
    expect(checkpointMac('j'.repeat(32), GENESIS_HASH, c)).not.toBe(mac)
    expect(checkpointMac('k'.repeat(32), 'f'.repeat(64), c)).not.toBe(mac)
    expect(checkpointMac('k'.repeat(32), GENESIS_HASH, { ...c, heads: [['system', '3', 'a'.repeat(64)]] })).not.toBe(mac)
  })

  it('the action catalog is resource.verb and knows its security actions', () => {
    for (const a of Object.keys(AUDIT_ACTIONS)) expect(a).toMatch(/^[a-z]+\.[a-z_]+$/)
    expect(isAuditAction('user.login')).toBe(true)
    expect(isAuditAction('toString')).toBe(false)
    expect(SECURITY_ACTIONS).toContain('user.login')
    expect(SECURITY_ACTIONS).not.toContain('module.activate')
  })
})
