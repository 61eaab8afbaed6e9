import type { TDomain } from '../../shared/domains'
import { EVENTS, type TEventName } from './catalog'
import { handlerFor, type TListenerModule } from './listeners'

/**
 * Where the relay sends each event: the domains that have a handler for it in the
 * listener modules the worker runs. The catalog's `subscribers` stay the declaration
 * (who should react); a declared subscriber without a handler yet gets nothing, so
 * no queue fills with jobs that no worker will ever take.
 */
export type TRoutes = ReadonlyMap<TEventName, readonly TDomain[]>

export function routesFrom(modules: readonly TListenerModule[]): TRoutes {
  const routes = new Map<TEventName, TDomain[]>()
  for (const name of Object.keys(EVENTS) as TEventName[]) {
    const subscribers = EVENTS[name].subscribers as readonly TDomain[]
    const domains = [...new Set(modules.filter((m) => handlerFor(m, name) !== undefined).map((m) => m.domain))]
    // defineListeners' type already forbids it; a cast module must not route where nobody subscribed.
    routes.set(
      name,
      domains.filter((d) => subscribers.includes(d)),
    )
  }
  return routes
}

/** The routed domains of an event name (none for a name the catalog no longer has). */
export function routesOf(routes: TRoutes, name: string): readonly TDomain[] {
  return routes.get(name as TEventName) ?? []
}
