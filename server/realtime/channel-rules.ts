import { AppError } from '../lib/errors'
import { channelKind } from './protocol'

/**
 * Who may subscribe to which private/presence channel. The naming scheme:
 *   private-user-<userId>            only that user (their notifications)
 *   private-workspace-<workspaceId>  members of the workspace
 *   presence-workspace-<workspaceId> members, with who is online
 */
export interface TRealtimeUser {
  id: string
  name?: string
}

export interface TChannelGrant {
  /** Set for presence channels: what other members see about this socket. */
  presence?: { user_id: string; user_info?: Record<string, unknown> }
}

export type TIsWorkspaceMember = (userId: string, workspaceId: string) => Promise<boolean>

const USER_CHANNEL = /^private-user-(.+)$/
const WORKSPACE_CHANNEL = /^(?:private|presence)-workspace-(.+)$/

/** The rules, free of HTTP so they can be checked directly. Throws AppError when refused. */
export async function decideChannelAccess(
  user: TRealtimeUser | null,
  channel: string,
  isMember: TIsWorkspaceMember,
): Promise<TChannelGrant> {
  const kind = channelKind(channel)
  if (kind === 'public') throw new AppError('BAD_REQUEST', 'Public channels need no authorization')
  if (!user) throw new AppError('UNAUTHENTICATED', 'Sign in to subscribe to this channel', { messageKey: 'errors.unauthenticated' })
  if (channel.startsWith('private-encrypted-')) throw new AppError('FORBIDDEN', 'Encrypted channels are not offered')
  const forbidden = () => new AppError('FORBIDDEN', `You may not subscribe to ${channel}`, { messageKey: 'errors.forbidden' })

  const own = USER_CHANNEL.exec(channel)
  if (own) {
    if (own[1] !== user.id) throw forbidden()
    return {}
  }
  const ws = WORKSPACE_CHANNEL.exec(channel)
  if (ws?.[1] && (await isMember(user.id, ws[1]))) {
    return kind === 'presence' ? { presence: { user_id: user.id, user_info: { name: user.name ?? null } } } : {}
  }
  throw forbidden()
}
