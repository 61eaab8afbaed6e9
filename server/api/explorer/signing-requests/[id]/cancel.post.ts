import { z } from 'zod'
import { defineApiRoute, requestMeta } from '../../../../http'
import { cancelSigningRequest, ZSigningRequestViewSchema } from '../../../../domains/explorer'

export default defineApiRoute(
  {
    summary: 'Cancel a signing request',
    description: 'The parties\' links stop working; signatures already made stay. Members who may change the file. 409 `request_closed`.',
    tags: ['explorer'],
    access: 'user',
    params: z.object({ id: z.uuid() }),
    errors: [403, 404, 409],
    response: ZSigningRequestViewSchema,
  },
  async (event, { params, auth }) => cancelSigningRequest(auth, requestMeta(event), params.id),
)
