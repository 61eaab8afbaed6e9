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

/** What the slow part of a staged listener knows: everything but a transaction. */
export type TWorkInfo = Omit<TListenerMeta, 'tx'>

/** The two parts of a staged listener (stagedListener). */
export interface TListenerStages<N extends TEventName, W> {
  /** Slow work with no transaction open (a conversion, a call out); throwing retries the job. */
  work(payload: TEventPayload<N>, info: TWorkInfo): Promise<W>
  /** The short part: writes the outcome through meta.tx, with the receipt. */
  apply(payload: TEventPayload<N>, meta: TListenerMeta, work: W): Promise<void>
  /**
   * After `apply` committed (once per event; not after a duplicate): signals that must not
   * run ahead of the data they announce, e.g. a realtime push. Its failure is logged, never
   * retried: the event is handled.
   */
  settled?(payload: TEventPayload<N>, work: W): Promise<void> | void
}

/**
 * A listener whose slow part must not hold a transaction open (rendering and converting a
 * document can take seconds: a connection and the receipt's locks idle meanwhile). The
 * consumer runs `work` first, outside any transaction (skipped when the receipt says the
 * event was handled), then `apply` in the transaction that writes the receipt; such an
 * event is never batched with others. `work` may run more than once for one event (a
 * crash or a redelivery between the two), so its effects must be harmless to repeat
 * (e.g. a stored file nothing points at yet); `apply` decides from the database. Called
 * as a plain listener (the function itself) it does both in the caller's transaction.
 */
export function stagedListener<N extends TEventName, W>(stages: TListenerStages<N, W>): TListener<N> & { stages: TListenerStages<N, W> } {
  const run = async (payload: TEventPayload<N>, meta: TListenerMeta) => {
    const { tx: _tx, ...info } = meta
    const work = await stages.work(payload, info)
    await stages.apply(payload, meta, work)
    // Called as a plain function the caller owns the transaction: this is as late as it can run.
    await stages.settled?.(payload, work)
  }
  return Object.assign(run, { stages })
}

/** The stages of a listener made by stagedListener, else undefined. */
export function stagesOf(handler: TListener<TEventName>): TListenerStages<TEventName, unknown> | undefined {
  return (handler as { stages?: TListenerStages<TEventName, unknown> }).stages
}

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
