import { readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { EVENTS, type TEventName } from '../../server/events/catalog'
import { eventJobId } from '../../server/events/queues'

/** docs/architecture.md states facts the code decides; these keep the two together. */
const DOC = readFileSync(path.resolve(import.meta.dirname, '../../docs/architecture.md'), 'utf8')

describe('docs/architecture.md matches the code', () => {
  it('the events table lists every event of the catalog with its publisher and subscribers', () => {
    const rows = new Map<string, { publisher: string; subscribers: string[] }>()
    const table = DOC.slice(DOC.indexOf('| event | publisher | subscribers |')).split('\n\n')[0]!
    for (const m of table.matchAll(/^\| (\w+) \| (\w+) \| ([^|]+) \|$/gm)) {
      if (m[1] === 'event') continue
      rows.set(m[1]!, { publisher: m[2]!, subscribers: m[3]!.replace(/\([^)]*\)/g, '').split(',').map((s) => s.trim()).filter(Boolean) })
    }
    const expected = Object.fromEntries(
      (Object.keys(EVENTS) as TEventName[]).map((n) => [n, { publisher: EVENTS[n].publisher, subscribers: [...EVENTS[n].subscribers].sort() }]),
    )
    const documented = Object.fromEntries([...rows].map(([n, r]) => [n, { ...r, subscribers: r.subscribers.sort() }]))
    expect(documented).toEqual(expected)
  })

  it('states the relay job id format the code uses', () => {
    expect(DOC).toContain(`job id\n\`${eventJobId('<event id>', '<domain>' as never)}\``)
  })
})
