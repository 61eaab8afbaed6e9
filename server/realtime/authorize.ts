import type { H3Event } from 'h3'
import { getCurrentUser } from '../domains/auth'
import { decideChannelAccess, type TChannelGrant, type TIsWorkspaceMember, type TRealtimeUser } from './channel-rules'

/** Binds the channel rules (channel-rules.ts) to the platform's auth and workspace domains. */
async function currentUser(event: H3Event): Promise<TRealtimeUser | null> {
  const ctx = await getCurrentUser(event)
  return ctx ? { id: ctx.user.id, name: ctx.user.name ?? undefined } : null
}

// ---------------------------------------------------------------------------
// SEAM — the workspace domain is built in parallel and exports no membership
// check yet, so every workspace channel is refused (403). Replace this with the
// workspace domain's check; nothing else in realtime needs to change.
const isWorkspaceMember: TIsWorkspaceMember = async () => false
// ---------------------------------------------------------------------------

export async function authorizeChannel(event: H3Event, channel: string): Promise<TChannelGrant> {
  return decideChannelAccess(await currentUser(event), channel, isWorkspaceMember)
}
