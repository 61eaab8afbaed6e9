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

  it('lists nothing the runtime config does not read (Nuxt reads NUXT_* and AUTH_ORIGIN itself)', () => {
    const text = readFileSync(path.resolve(import.meta.dirname, '../../.env.example'), 'utf8')
    const keys = text.split('\n').filter((l) => /^[A-Z0-9_]+=/.test(l)).map((l) => l.split('=')[0]!)
    const known = new Set(Object.keys(ZConfigSchema.shape))
    for (const key of keys) {
      if (key.startsWith('NUXT_') || key === 'AUTH_ORIGIN') continue
      expect(known.has(key), `${key} is in .env.example but not in server/lib/config.ts`).toBe(true)
    }
  })

  it('every documented value parses (a copied .env.example starts the server)', () => {
    const text = readFileSync(path.resolve(import.meta.dirname, '../../.env.example'), 'utf8')
    const env = Object.fromEntries(
      text
        .split('\n')
        .filter((l) => /^[A-Z0-9_]+=/.test(l))
        .map((l) => {
          const [k, ...rest] = l.split('=')
          return [k!, rest.join('=').replace(/\s+#.*$/, '').trim()]
        }),
    )
    const r = ZConfigSchema.safeParse(env)
    expect(r.success ? [] : r.error.issues).toEqual([])
  })
})
