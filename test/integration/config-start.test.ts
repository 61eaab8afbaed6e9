import { spawnSync } from 'node:child_process'
import path from 'node:path'
import { describe, expect, it } from 'vitest'

const ROOT = path.resolve(import.meta.dirname, '../..')

describe('a process with bad configuration', () => {
  it('the worker stops at start, naming every bad variable, without a stack trace', () => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'server/workers/main.ts'], {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: 'mysql://nope', PORT: 'eighty', REGION: 'uz' },
      encoding: 'utf8',
      timeout: 30_000,
    })
    expect(r.status).toBe(78)
    expect(r.stderr).toContain('DATABASE_URL: must be a postgresql:// URL')
    expect(r.stderr).toMatch(/PORT:/)
    expect(r.stderr).toMatch(/REGION:/)
    expect(r.stderr).not.toMatch(/\n\s+at /)
  })
})
