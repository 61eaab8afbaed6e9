import { z } from 'zod'
import { defineApiRoute, requireUser } from '../../http'
import { usePusher } from '../../realtime/publish'

// pusher-js user authentication (pusher.signin(), userAuthentication.endpoint): signs
// the caller's id for this socket, after which events sent with the official client's
// sendToUser(id, ...) reach every signed-in socket of theirs.
export default defineApiRoute(
  {
    summary: 'Sign a realtime connection in as the caller (pusher-js userAuthentication endpoint)',
    tags: ['realtime'],
    access: 'user',
    body: z.object({ socket_id: z.string().regex(/^\d+\.\d+$/, 'invalid socket_id') }),
    errors: [],
    response: z.object({ auth: z.string(), user_data: z.string() }),
  },
  async (event, { body }) => {
    const { user } = await requireUser(event)
    return usePusher().authenticateUser(body.socket_id, { id: user.id, user_info: { name: user.name ?? null } })
  },
)
