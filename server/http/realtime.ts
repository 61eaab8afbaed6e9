import type { H3Event } from 'h3'
import { decideChannelAccess, type TChannelGrant, type TIsWorkspaceMember, type TRealtimeUser } from '../realtime/channel-rules'
import { getCurrentUser } from './auth'

/**
 * Binds the realtime channel rules (server/realtime/channel-rules.ts, pure) to the
 * request: who is calling, and whether they belong to a workspace. It lives at the
 * HTTP edge so server/realtime imports nothing but lib and shared.
 */
async function currentUser(event: H3Event): Promise<TRealtimeUser | null> {
  const ctx = await getCurrentUser(event)
  return ctx ? { id: ctx.user.id, name: ctx.user.name ?? undefined } : null
}

// ---------------------------------------------------------------------------
// SEAM — every workspace channel is refused (403) until this calls the workspace
// domain's `isWorkspaceMember(userId, workspaceId)` (exported from its index.ts);
// nothing else in realtime needs to change.
const isWorkspaceMember: TIsWorkspaceMember = async () => false
// ---------------------------------------------------------------------------

export async function authorizeChannel(event: H3Event, channel: string): Promise<TChannelGrant> {
  return decideChannelAccess(await currentUser(event), channel, isWorkspaceMember)
}
