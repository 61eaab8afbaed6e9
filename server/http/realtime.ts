import type { H3Event } from 'h3'
import { isWorkspaceMember } from '../domains/workspace'
import { decideChannelAccess, type TChannelGrant, type TRealtimeUser } from '../realtime/channel-rules'
import { getCurrentUser } from './auth'

/**
 * Binds the realtime channel rules (server/realtime/channel-rules.ts, pure) to the
 * request: who is calling, and whether they belong to a workspace (the workspace
 * domain's membership check). It lives at the HTTP edge so server/realtime imports
 * nothing but lib and shared.
 */
async function currentUser(event: H3Event): Promise<TRealtimeUser | null> {
  const ctx = await getCurrentUser(event)
  return ctx ? { id: ctx.user.id, name: ctx.user.name ?? undefined } : null
}

export async function authorizeChannel(event: H3Event, channel: string): Promise<TChannelGrant> {
  return decideChannelAccess(await currentUser(event), channel, isWorkspaceMember)
}
