import { AppError } from '../lib/errors'
import type { TBackplane } from './backplane'
import { channelKind } from './protocol'

/** Attributes a caller may ask for with `info=`. */
export type TInfoAttr = 'subscription_count' | 'user_count'

export interface TChannelAttrs {
  subscription_count?: number
  user_count?: number
}

function userCountOnlyForPresence(channel: string, attrs: readonly TInfoAttr[]): void {
  if (attrs.includes('user_count') && channelKind(channel) !== 'presence') {
    throw new AppError('BAD_REQUEST', `user_count is only available for presence channels (${channel})`)
  }
}

/** The requested counts of each channel, summed over every process (also the `info` answer of trigger). */
export async function channelAttrs(bp: TBackplane, channels: string[], attrs: readonly TInfoAttr[]): Promise<TChannelAttrs[]> {
  const counts = attrs.includes('subscription_count') ? await bp.subscriptionCounts(channels) : []
  return Promise.all(
    channels.map(async (channel, i) => {
      const out: TChannelAttrs = {}
      if (attrs.includes('subscription_count')) out.subscription_count = counts[i] ?? 0
      if (attrs.includes('user_count') && channelKind(channel) === 'presence') out.user_count = (await bp.presenceMembers(channel)).length
      return out
    }),
  )
}

/** GET /apps/{id}/channels/{name}: `{occupied, user_count?, subscription_count?}`. */
export async function channelInfo(bp: TBackplane, channel: string, attrs: readonly TInfoAttr[]) {
  userCountOnlyForPresence(channel, attrs)
  const [subscriptions] = await bp.subscriptionCounts([channel])
  const [extra] = await channelAttrs(bp, [channel], attrs)
  return { occupied: (subscriptions ?? 0) > 0, ...extra }
}

/** GET /apps/{id}/channels: occupied channels; `info=user_count` needs a presence- prefix, as in Pusher's API. */
export async function listChannels(bp: TBackplane, prefix: string, attrs: readonly TInfoAttr[]) {
  if (attrs.includes('subscription_count')) throw new AppError('BAD_REQUEST', 'subscription_count is available per channel only')
  if (attrs.includes('user_count') && !prefix.startsWith('presence-')) {
    throw new AppError('BAD_REQUEST', 'info=user_count needs filter_by_prefix=presence-')
  }
  const names = (await bp.occupiedChannels(prefix)).filter((c) => channelKind(c) !== 'user').sort()
  const values = await channelAttrs(bp, names, attrs)
  return { channels: Object.fromEntries(names.map((n, i) => [n, values[i]!])) }
}

/** GET /apps/{id}/channels/{name}/users: the members of a presence channel. */
export async function channelUsers(bp: TBackplane, channel: string) {
  if (channelKind(channel) !== 'presence') throw new AppError('BAD_REQUEST', `Users are only listed for presence channels (${channel})`)
  return { users: (await bp.presenceMembers(channel)).map((m) => ({ id: m.user_id })) }
}
