import { z } from 'zod'
import { defineApiRoute, requireWorkspaceMember } from '../../../../http'
import { issueVerificationChallenge } from '../../../../domains/workspace'

export default defineApiRoute(
  {
    summary: 'A text to sign to verify the company',
    description:
      'For an unverified company workspace (kz, with a BIN), its admins and owners: a one-time text (base64) to sign with a qualified certificate carrying the BIN, valid 10 minutes. 409 `already_verified`, `verify_not_applicable`.',
    tags: ['workspace'],
    access: 'user',
    status: 201,
    params: z.object({ id: z.string() }),
    errors: [403, 404, 409],
    response: z.object({ challenge: z.string(), expiresAt: z.iso.datetime() }),
  },
  async (event, { params }) => issueVerificationChallenge(await requireWorkspaceMember(event, params.id, { minRole: 'admin' })),
)
