import type { Channel } from 'pusher-js'
import { SESSIONS_CHANGED_EVENT, userChannel, type TRealtimePublicConfig } from '#shared/realtime'
import { unlocalizedPath } from '#shared/locales'

/**
 * Realtime for a signed-in person: their browser keeps their own private channel
 * subscribed and hands its events to the components that listen
 * (useRealtimeUserEvent). When the session this browser holds is ended elsewhere (a
 * device revoked on another device, a password change, an admin's block), it signs
 * out at once and shows the login page with the reason, instead of waiting for its
 * next request to be refused.
 */
export default defineNuxtPlugin(() => {
  const config = useRuntimeConfig()
  const { status, data } = useAuth()
  const { rawToken } = useAuthState()
  const api = useApi()
  const signedOut = useSignedOutLocally()
  const router = useRouter()
  let subscribed: { channel: Channel; name: string; unsubscribe: () => void } | null = null

  const authCall: TRealtimeAuthCall = (path, body) => api(path, { method: 'POST', body, noWorkspace: true })

  async function follow(userId: string | null): Promise<void> {
    if (subscribed && subscribed.name === (userId ? userChannel(userId) : '')) return
    if (subscribed) {
      subscribed.channel.unbind_global()
      subscribed.unsubscribe()
      subscribed = null
    }
    if (!userId) return disconnectRealtime()
    const pusher = await realtimeClient(config.public.pusher as TRealtimePublicConfig, authCall)
    const name = userChannel(userId)
    const channel = pusher.subscribe(name)
    channel.bind_global((event: string, payload: unknown) => {
      if (!event.startsWith('pusher')) emitRealtimeUserEvent(event, payload)
    })
    subscribed = { channel, name, unsubscribe: () => pusher.unsubscribe(name) }
  }

  watch(
    () => (status.value === 'authenticated' ? (data.value?.id ?? null) : null),
    (userId) => void follow(userId).catch(() => undefined),
    { immediate: true },
  )

  useRealtimeUserEvent(SESSIONS_CHANGED_EVENT, async (payload) => {
    // Loaded on the first event: zod stays out of every page's main script.
    const { ZSessionsChangedSchema } = await import('#shared/realtime-events')
    const r = ZSessionsChangedSchema.safeParse(payload)
    const mine = accessTokenSessionId(rawToken.value)
    if (!r.success || !mine || !r.data.ended.includes(mine)) return
    const here = router.currentRoute.value.fullPath
    signedOut()
    if (unlocalizedPath(router.currentRoute.value.path) !== '/auth/login') void navigateTo(loginLocation(r.data.reason ?? 'session_revoked', here))
  })
})
