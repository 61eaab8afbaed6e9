import type Pusher from 'pusher-js'
import { pusherClientOptions, type TRealtimePublicConfig } from '#shared/realtime'

/** Posts to one of our realtime auth routes with the caller's sign-in (useApi: refreshes an expired token). */
export type TRealtimeAuthCall = (path: '/api/realtime/auth' | '/api/realtime/user-auth', body: Record<string, string>) => Promise<unknown>

type THandler = (data: unknown) => void

let client: Pusher | null = null
let loading: Promise<Pusher> | null = null
const userListeners = new Map<string, Set<THandler>>()

/**
 * The browser's pusher-js client, connected where the public runtime config says
 * (`runtimeConfig.public.pusher`, derived from PUSHER_* on the server): the embedded
 * endpoint on the page's own origin by default, Soketi or hosted Pusher when
 * configured. Loaded on first use, so anonymous visitors never download it. Private
 * and presence channels are authorized through `authCall`.
 */
export function realtimeClient(pusher: TRealtimePublicConfig, authCall: TRealtimeAuthCall): Promise<Pusher> {
  if (client) return Promise.resolve(client)
  loading ??= import('pusher-js').then(({ default: PusherJs }) => {
    const { key, options } = pusherClientOptions(pusher, window.location)
    const relay =
      (path: Parameters<TRealtimeAuthCall>[0], body: (p: { socketId: string; channelName?: string }) => Record<string, string>) =>
      (params: { socketId: string; channelName?: string }, callback: (err: Error | null, data: never) => void) => {
        authCall(path, body(params)).then(
          (data) => callback(null, data as never),
          (e: unknown) => callback(e instanceof Error ? e : new Error(String(e)), null as never),
        )
      }
    client = new PusherJs(key, {
      ...options,
      channelAuthorization: {
        endpoint: '/api/realtime/auth',
        transport: 'ajax',
        customHandler: relay('/api/realtime/auth', (p) => ({ socket_id: p.socketId, channel_name: p.channelName ?? '' })),
      },
      userAuthentication: {
        endpoint: '/api/realtime/user-auth',
        transport: 'ajax',
        customHandler: relay('/api/realtime/user-auth', (p) => ({ socket_id: p.socketId })),
      },
    })
    return client
  })
  return loading
}

export function disconnectRealtime(): void {
  client?.disconnect()
  client = null
  loading = null
}

/** Hands an event of the person's own channel to whoever listens (see useRealtimeUserEvent). */
export function emitRealtimeUserEvent(event: string, data: unknown): void {
  for (const h of userListeners.get(event) ?? []) h(data)
}

/**
 * Runs `handler` for `event` on the signed-in person's own channel (the realtime
 * plugin keeps it subscribed). Stops when the calling component or scope ends; the
 * returned function stops it earlier.
 */
export function useRealtimeUserEvent(event: string, handler: THandler): () => void {
  // Sockets live in the browser; a listener added while rendering on the server would never be removed.
  if (import.meta.server) return () => {}
  let set = userListeners.get(event)
  if (!set) userListeners.set(event, (set = new Set()))
  set.add(handler)
  const off = () => void userListeners.get(event)?.delete(handler)
  if (getCurrentScope()) onScopeDispose(off)
  return off
}

/**
 * Runs `handler` for `event` on a workspace's private channel (`private-workspace-<id>`,
 * members only) while the calling component lives; follows the id when it changes.
 * Realtime is a freshness signal: pages must still show the truth when it is off.
 */
export function useWorkspaceChannelEvent(workspaceId: Ref<string | null | undefined>, event: string, handler: THandler): void {
  if (import.meta.server) return
  const config = useRuntimeConfig()
  const api = useApi()
  const authCall: TRealtimeAuthCall = (path, body) => api(path, { method: 'POST', body, noWorkspace: true })
  let stop: (() => void) | null = null
  const follow = async (id: string | null | undefined) => {
    stop?.()
    stop = null
    if (!id) return
    const pusher = await realtimeClient(config.public.pusher as TRealtimePublicConfig, authCall)
    const name = `private-workspace-${id}`
    const channel = pusher.channel(name) ?? pusher.subscribe(name)
    channel.bind(event, handler)
    stop = () => channel.unbind(event, handler)
  }
  watch(workspaceId, (id) => void follow(id).catch(() => undefined), { immediate: true })
  if (getCurrentScope()) onScopeDispose(() => stop?.())
}
