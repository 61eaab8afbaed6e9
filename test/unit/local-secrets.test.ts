import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { withLocalSecrets } from '../../scripts/lib/secrets.mjs'
import { parseConfig } from '../../server/lib/config'

// `npm run up` runs in production mode on a machine that has no secrets set: it
// makes them once per checkout in .data/, so no public default is ever used.
const dirs: string[] = []
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
})

function tempDir(): string {
  const d = mkdtempSync(path.join(tmpdir(), 'd24-secrets-'))
  dirs.push(d)
  return d
}

describe('local secrets for npm run up', () => {
  it('makes AUTH_SECRET, PUSHER_SECRET and HISTORY_CHECKPOINT_SECRET once, keeps them private and stable, and production accepts them', () => {
    const dir = tempDir()
    const first = withLocalSecrets({ NODE_ENV: 'production' }, dir)
    expect(first.AUTH_SECRET).toMatch(/^[0-9a-f]{64}$/)
    expect(first.PUSHER_SECRET).toMatch(/^[0-9a-f]{40,}$/)
    expect(first.PUSHER_SECRET).not.toBe(first.AUTH_SECRET)
    expect(first.HISTORY_CHECKPOINT_SECRET).toMatch(/^[0-9a-f]{64}$/)
    expect(first.HISTORY_CHECKPOINT_SECRET).not.toBe(first.AUTH_SECRET)
    expect(statSync(path.join(dir, 'pusher-secret')).mode & 0o077).toBe(0)
    expect(readFileSync(path.join(dir, 'pusher-secret'), 'utf8').trim()).toBe(first.PUSHER_SECRET)
    expect(withLocalSecrets({}, dir)).toMatchObject({ AUTH_SECRET: first.AUTH_SECRET, PUSHER_SECRET: first.PUSHER_SECRET })
    expect(() => parseConfig(first)).not.toThrow()
  })

  it('leaves secrets given in the environment alone', () => {
    const env = withLocalSecrets({ AUTH_SECRET: 'a'.repeat(40), PUSHER_SECRET: 'from-the-vault-123' }, tempDir())
    expect(env).toMatchObject({ AUTH_SECRET: 'a'.repeat(40), PUSHER_SECRET: 'from-the-vault-123' })
  })

  it('gives another checkout other secrets', () => {
    expect(withLocalSecrets({}, tempDir()).PUSHER_SECRET).not.toBe(withLocalSecrets({}, tempDir()).PUSHER_SECRET)
  })
})
