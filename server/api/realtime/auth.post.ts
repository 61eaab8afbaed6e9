import { z } from 'zod'
import { authorizeChannel, defineApiRoute } from '../../http'
import { usePusher } from '../../realtime/publish'
import { ZChannelName } from '../../realtime/protocol'

// pusher-js channel authorization: it POSTs socket_id and channel_name form-encoded
// (h3's readBody parses that); JSON bodies are accepted too.
export default defineApiRoute(
  {
    summary: 'Authorize a private or presence channel subscription (pusher-js authEndpoint)',
    tags: ['realtime'],
    access: 'user',
    body: z.object({
      socket_id: z.string().regex(/^\d+\.\d+$/, 'invalid socket_id'),
      channel_name: ZChannelName,
    }),
    errors: [403],
    response: z.object({ auth: z.string(), channel_data: z.string().optional() }),
  },
  async (event, { body }) => {
    const grant = await authorizeChannel(event, body.channel_name)
    // Signed by the official client so the same keys work against hosted Pusher or Soketi.
    return usePusher().authorizeChannel(body.socket_id, body.channel_name, grant.presence)
  },
)
