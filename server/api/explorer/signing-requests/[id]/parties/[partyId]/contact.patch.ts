import { z } from 'zod'
import { defineApiRoute, requestMeta } from '../../../../../../http'
import { changePartyContact, ZPartyContactSchema, ZSigningRequestViewSchema } from '../../../../../../domains/explorer'

export default defineApiRoute(
  {
    summary: "Correct a party's email or phone",
    description:
      "Members who may change the file: one of `email`/`phone` (400 `email_or_phone_required` at `email` otherwise). The party gets a new link there (the old one is dead, an open QR is closed) and, when it is their turn, the invitation again. 409 `request_closed`, `party_done`; another request's party is a 404.",
    tags: ['explorer'],
    access: 'user',
    params: z.object({ id: z.uuid(), partyId: z.uuid() }),
    body: ZPartyContactSchema,
    errors: [403, 404, 409],
    response: ZSigningRequestViewSchema,
  },
  async (event, { params, body, auth }) => changePartyContact(auth, requestMeta(event), params.id, params.partyId, body),
)
