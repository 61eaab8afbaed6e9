import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { EVENTS, eventsSubscribedBy, type TEventName } from '../../server/events/catalog'
import { defineListeners, handlerFor } from '../../server/events/listeners'
import { publish } from '../../server/events/publish'
import { routesFrom } from '../../server/events/routing'
import { LISTENER_MODULES } from '../../server/workers/listeners'
import { DOMAINS, isDomain } from '../../shared/domains'
import type { TDb } from '../../server/lib/db'
import { isAppError } from '../../server/lib/errors'
import { JOBS } from '../../server/workers/jobs'

const names = Object.keys(EVENTS) as TEventName[]

describe('event catalog', () => {
  it.each(names)('%s is complete and consistent', (name) => {
    const e = EVENTS[name]
    expect(e.name).toBe(name)
    expect(e.payload).toBeInstanceOf(z.ZodType)
    expect(Number.isInteger(e.version) && e.version >= 1).toBe(true)
    expect(isDomain(e.publisher)).toBe(true)
    expect(e.subscribers.length).toBeGreaterThan(0)
    for (const s of e.subscribers) expect(isDomain(s), `${name} subscriber ${s}`).toBe(true)
    expect(new Set(e.subscribers).size).toBe(e.subscribers.length)
    expect(e.description.length).toBeGreaterThan(10)
  })

  it('rejects bad payloads and accepts good ones', () => {
    const ok = { userId: 'u1', email: 'a@b.kz', phone: null, locale: 'kk' }
    expect(EVENTS.UserActivated.payload.safeParse(ok).success).toBe(true)
    expect(EVENTS.UserActivated.payload.safeParse({ ...ok, email: 'nope' }).success).toBe(false)
    expect(EVENTS.UserActivated.payload.safeParse({ ...ok, userId: '' }).success).toBe(false)
    expect(EVENTS.FileUploaded.payload.safeParse({ fileId: 'f', key: 'k', size: -1 }).success).toBe(false)
    expect(EVENTS.UserLoggedIn.payload.safeParse({ userId: 'u', ip: null, userAgent: null, at: 'yesterday' }).success).toBe(false)
  })

  it('publish refuses an invalid payload before touching the database', async () => {
    // A db that fails the test if publish reaches it.
    const db = new Proxy({}, { get: () => () => Promise.reject(new Error('publish reached the database')) }) as unknown as TDb
    const err = await publish(db, 'OrderPaid', { orderId: 'o', userId: 'u', amount: 1 as unknown as string, currency: 'KZT' }).catch(
      (e: unknown) => e,
    )
    expect(isAppError(err) && err.code).toBe('VALIDATION')
  })

  it('lists what each domain subscribes to', () => {
    expect(eventsSubscribedBy('registry').sort()).toEqual(['CreateDocumentCard', 'EsedoSendRequested', 'FileSigned', 'SigningRequestUpdated'])
    for (const d of DOMAINS) for (const n of eventsSubscribedBy(d)) expect(EVENTS[n].subscribers).toContain(d)
  })
})

/**
 * Declared subscribers (the seed's) whose domain has no listener for the event yet.
 * The relay routes nothing to them, so no queue fills with jobs nobody takes. When a
 * domain registers its listener, take its pair off this list (the test below says so).
 */
const PLANNED: Partial<Record<TEventName, string[]>> = {
  UserActivated: ['explorer'],
  UserEmailUpdated: ['explorer'],
  FileSigned: ['auth'],
  WorkspaceCreated: ['explorer'],
  DocumentGenerated: ['explorer'],
}

describe('catalog and listeners in step', () => {
  const routes = routesFrom(LISTENER_MODULES)

  it.each(names)('%s: every declared subscriber has a listener or is planned, and only listeners are routed to', (name) => {
    const routed = [...(routes.get(name) ?? [])].sort()
    const planned = [...(PLANNED[name] ?? [])].sort()
    for (const d of planned) expect(routed, `${d} handles ${name} now: take it off PLANNED`).not.toContain(d)
    expect([...routed, ...planned].sort(), `${name}: subscribers = routed + planned`).toEqual([...EVENTS[name].subscribers].sort())
  })
})

describe('listener registry and job catalog', () => {
  it('registers handlers only for events their domain subscribes to', () => {
    for (const m of LISTENER_MODULES) {
      for (const n of Object.keys(m.handlers) as TEventName[]) {
        expect(EVENTS[n].subscribers, `${m.domain} listens to ${n}`).toContain(m.domain)
        expect(typeof handlerFor(m, n)).toBe('function')
      }
    }
  })

  it('types defineListeners from the catalog', () => {
    // @ts-expect-error billing does not subscribe to FileSigned
    const m = defineListeners('billing', { FileSigned: async () => {} })
    expect(m.domain).toBe('billing')
  })

  it('declares every job with a payload schema and a lazy handler', async () => {
    for (const [name, j] of Object.entries(JOBS)) {
      expect(j.payload, name).toBeInstanceOf(z.ZodType)
      expect(typeof (await j.handler())).toBe('function')
    }
  })
})
