import { existsSync, readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { describe, expect, it } from 'vitest'
import { EVENTS, eventsSubscribedBy, type TEventName } from '../../server/events/catalog'
import { LISTENER_MODULES } from '../../server/workers/listeners'
import { DOMAINS } from '../../shared/domains'

/**
 * Every domain has the same shape (docs/architecture.md, Domains): domain.ts declares
 * it, index.ts is its only door (listeners included), README.md says what it owns and
 * which events it publishes and subscribes to, and stays true to domain.ts and the
 * event catalog.
 */
const DIR = path.resolve(import.meta.dirname, '../../server/domains')

describe('domain shape', () => {
  it('server/domains holds the sixteen domains and the shared kit only', () => {
    const entries = readdirSync(DIR, { withFileTypes: true })
    expect(entries.filter((e) => e.isDirectory()).map((e) => e.name).sort()).toEqual([...DOMAINS].sort())
    expect(entries.filter((e) => e.isFile()).map((e) => e.name)).toEqual(['define.ts'])
  })

  it.each(DOMAINS)('%s: domain.ts, index.ts and a README that matches them', async (name) => {
    for (const f of ['domain.ts', 'index.ts', 'README.md']) expect(existsSync(path.join(DIR, name, f)), `${name}/${f}`).toBe(true)
    const index = (await import(pathToFileURL(path.join(DIR, name, 'index.ts')).href)) as Record<string, unknown>
    const domain = index.domain as { name: string; owns: readonly string[] }
    expect(domain.name).toBe(name)

    const readme = readFileSync(path.join(DIR, name, 'README.md'), 'utf8')
    expect(readme).toMatch(new RegExp(`^# ${name} domain\\n`))
    for (const section of ['## Owns', '## Events', '## Surface']) expect(readme, `${name} README: ${section}`).toContain(section)
    for (const table of domain.owns) expect(readme, `${name} README names table ${table}`).toContain(`\`${table}\``)
    const [, events = ''] = /## Events\n([\s\S]*?)(\n## |$)/.exec(readme) ?? []
    const publishes = (Object.keys(EVENTS) as TEventName[]).filter((n) => EVENTS[n].publisher === name)
    const publishedLine = /- Publishes: ([\s\S]*?)\n- /.exec(events)?.[1] ?? ''
    const subscribedLine = /- Subscribes: ([\s\S]*?)(\n\n|$)/.exec(events)?.[1] ?? ''
    const named = (line: string) => (Object.keys(EVENTS) as TEventName[]).filter((n) => new RegExp(`\\b${n}\\b`).test(line)).sort()
    expect(named(publishedLine), `${name} README: published events`).toEqual([...publishes].sort())
    expect(named(subscribedLine), `${name} README: subscribed events`).toEqual([...eventsSubscribedBy(name)].sort())
  })

  it('a domain with listeners.ts exports them from its index, and the worker registry lists exactly those', async () => {
    const withListeners = DOMAINS.filter((d) => existsSync(path.join(DIR, d, 'listeners.ts')))
    for (const d of withListeners) {
      const index = (await import(pathToFileURL(path.join(DIR, d, 'index.ts')).href)) as { listeners?: { domain: string } }
      expect(index.listeners?.domain, `${d}/index.ts exports listeners`).toBe(d)
      expect(LISTENER_MODULES).toContain(index.listeners)
    }
    expect(LISTENER_MODULES.map((m) => m.domain).sort()).toEqual([...withListeners].sort())
  })
})
