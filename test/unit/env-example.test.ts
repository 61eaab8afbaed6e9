import { readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { ZConfigSchema } from '../../server/lib/config'

describe('.env.example', () => {
  it('lists every variable of the runtime config', () => {
    const text = readFileSync(path.resolve(import.meta.dirname, '../../.env.example'), 'utf8')
    const listed = new Map(
      text
        .split('\n')
        .filter((l) => /^[A-Z0-9_]+=/.test(l))
        .map((l) => [l.split('=')[0]!, l] as const),
    )
    for (const key of Object.keys(ZConfigSchema.shape)) {
      expect(listed.has(key), `${key} missing from .env.example`).toBe(true)
    }
  })
})
