import { describe, expect, it } from 'vitest'
import { decideChannelAccess } from '../../server/realtime/channel-rules'

const member = async (userId: string, workspaceId: string) => userId === 'u1' && workspaceId === 'w1'
const user = { id: 'u1', name: 'Alice' }

describe('realtime channel authorization rules', () => {
  it('refuses anonymous users with UNAUTHENTICATED', async () => {
    await expect(decideChannelAccess(null, 'private-user-u1', member)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' })
  })

  it('gives a user their own channel only', async () => {
    await expect(decideChannelAccess(user, 'private-user-u1', member)).resolves.toEqual({})
    await expect(decideChannelAccess(user, 'private-user-u2', member)).rejects.toMatchObject({ code: 'FORBIDDEN' })
  })

  it('gives workspace channels to members, with presence data on presence channels', async () => {
    await expect(decideChannelAccess(user, 'private-workspace-w1', member)).resolves.toEqual({})
    await expect(decideChannelAccess(user, 'presence-workspace-w1', member)).resolves.toEqual({
      presence: { user_id: 'u1', user_info: { name: 'Alice' } },
    })
    await expect(decideChannelAccess(user, 'private-workspace-w2', member)).rejects.toMatchObject({ code: 'FORBIDDEN' })
  })

  it('refuses unknown private channels, encrypted channels and public ones', async () => {
    await expect(decideChannelAccess(user, 'private-anything', member)).rejects.toMatchObject({ code: 'FORBIDDEN' })
    await expect(decideChannelAccess(user, 'private-encrypted-user-u1', member)).rejects.toMatchObject({ code: 'FORBIDDEN' })
    await expect(decideChannelAccess(user, 'news', member)).rejects.toMatchObject({ code: 'BAD_REQUEST' })
  })
})
