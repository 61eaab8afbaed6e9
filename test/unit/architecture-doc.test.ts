import { readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { EVENTS, type TEventName } from '../../server/events/catalog'
import { eventJobId } from '../../server/events/queues'
import { routesFrom } from '../../server/events/routing'
import { LISTENER_MODULES } from '../../server/workers/listeners'

/** docs/architecture.md states facts the code decides; these keep the two together. */
const DOC = readFileSync(path.resolve(import.meta.dirname, '../../docs/architecture.md'), 'utf8')

describe('docs/architecture.md matches the code', () => {
  it('the events table lists every event of the catalog: publisher, routed subscribers (a listener runs) and planned ones', () => {
    const rows = new Map<string, { publisher: string; subscribers: string[]; routed: string[] }>()
    const table = DOC.slice(DOC.indexOf('| event | publisher | routed to')).split('\n\n')[0]!
    const list = (cell: string) => cell.replace(/\([^)]*\)/g, '').split(',').map((s) => s.trim()).filter(Boolean).sort()
    for (const m of table.matchAll(/^\| (\w+) \| (\w+) \|([^|]*)\|([^|]*)\|$/gm)) {
      if (m[1] === 'event') continue
      const routed = list(m[3]!)
      rows.set(m[1]!, { publisher: m[2]!, routed, subscribers: [...routed, ...list(m[4]!)].sort() })
    }
    const routes = routesFrom(LISTENER_MODULES)
    const expected = Object.fromEntries(
      (Object.keys(EVENTS) as TEventName[]).map((n) => [
        n,
        { publisher: EVENTS[n].publisher, subscribers: [...EVENTS[n].subscribers].sort(), routed: [...(routes.get(n) ?? [])].sort() },
      ]),
    )
    expect(Object.fromEntries(rows)).toEqual(expected)
  })

  it('states the relay job id format the code uses', () => {
    expect(DOC).toContain(`job id\n\`${eventJobId('<event id>', '<domain>' as never)}\``)
  })
})
