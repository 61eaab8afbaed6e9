import { sql } from '../lib/db-ping'
import { eventsSubscribedBy, EVENTS, type TEventName } from '../events'
import type { TDomain } from '../../shared/domains'

/**
 * Every domain declares itself the same way: its name, what it owns (tables and
 * concepts), and gets a ping that proves its dependencies answer. The declaration
 * is what /api/<domain>/ping and docs/architecture.md describe.
 */
export interface TDomainInfo {
  name: TDomain
  description: string
  owns: readonly string[]
}

export interface TDomainPing {
  domain: TDomain
  status: 'ok' | 'down'
  db: 'ok' | 'down'
  publishes: TEventName[]
  subscribes: TEventName[]
}

export function defineDomain(info: TDomainInfo) {
  const publishes = (Object.keys(EVENTS) as TEventName[]).filter((n) => EVENTS[n].publisher === info.name)
  const subscribes = eventsSubscribedBy(info.name)
  return {
    ...info,
    publishes,
    subscribes,
    async ping(): Promise<TDomainPing> {
      const db = (await sql.ping()) ? 'ok' : 'down'
      return { domain: info.name, status: db === 'ok' ? 'ok' : 'down', db, publishes, subscribes }
    },
  }
}

export type TDomainModule = ReturnType<typeof defineDomain>
