import { z } from 'zod'
import { defineApiRoute, requestMeta } from '../../../../http'
import { remindSigningParties } from '../../../../domains/explorer'

export default defineApiRoute(
  {
    summary: 'Remind the parties whose turn it is',
    description: 'Sends the link again to each invited party not invited or reminded within the hour; answers how many. 409 `request_closed`.',
    tags: ['explorer'],
    access: 'user',
    params: z.object({ id: z.uuid() }),
    errors: [403, 404, 409],
    response: z.object({ reminded: z.number().int() }),
  },
  async (event, { params, auth }) => remindSigningParties(auth, requestMeta(event), params.id),
)
