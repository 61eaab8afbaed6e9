import type { TDomain } from '../../shared/domains'
import type { TTx } from '../lib/db'
import type { TEventName, TEventPayload, TSubscribedEvent } from './catalog'

/** What a listener gets beside the payload. `tx` is the transaction that also holds its receipt. */
export interface TListenerMeta {
  eventId: string
  name: TEventName
  version: number
  publisher: string
  publishedAt: Date
  /** 1 on the first delivery, 2 on the first retry ... */
  attempt: number
  /** Write the listener's effects through tx: they commit together with the receipt, or not at all. */
  tx: TTx
}

export type TListener<N extends TEventName> = (payload: TEventPayload<N>, meta: TListenerMeta) => Promise<void>

export type TListenerMap<D extends TDomain> = { [N in TSubscribedEvent<D>]?: TListener<N> }

/**
 * Runs once at the start of a transaction that applies several events, before their
 * handlers, with those events: the place to take the locks they will need in one fixed
 * order (handlers taking them one by one, in event order, could deadlock two batches).
 */
export type TBatchPrepare = (events: ReadonlyArray<{ name: TEventName; payload: unknown }>, tx: TTx) => Promise<void>

export interface TListenerModule<D extends TDomain = TDomain> {
  domain: D
  handlers: TListenerMap<D>
  prepare?: TBatchPrepare
  /** Runs after a batch's handlers, before its commit: writes what prepare let the handlers buffer (one statement for the batch). */
  flush?: (tx: TTx) => Promise<void>
}

/**
 * A domain's listeners, keyed by event name. The type only admits events the domain
 * subscribes to in the catalog, so a listener cannot be declared where the relay
 * will never deliver. Each handler runs once per event id (see consume.ts).
 */
export function defineListeners<D extends TDomain>(domain: D, handlers: TListenerMap<D>): TListenerModule<D> {
  return { domain, handlers }
}

/** The receipt key of one handler: stable across deploys, so a redelivery is recognised. */
export function listenerName(domain: TDomain, event: TEventName): string {
  return `${domain}.${event}`
}

/** Looks a handler up without the caller needing the domain's literal type. */
export function handlerFor(mod: TListenerModule, event: TEventName): TListener<TEventName> | undefined {
  return (mod.handlers as Record<string, TListener<TEventName> | undefined>)[event]
}
