import { z } from 'zod'
import { defineApiRoute, requestMeta } from '../../../http'
import { issueCertificateChallenge } from '../../../domains/auth'

export default defineApiRoute(
  {
    summary: 'A text to sign for sign-in with a qualified certificate',
    description: 'A one-time text (base64) for NCALayer or eGov mobile to sign, valid 5 minutes; then `POST /api/auth/certificate/login`. Counts against the per-IP sign-in limit (429).',
    tags: ['auth'],
    access: 'public',
    status: 201,
    errors: [429],
    response: z.object({ challengeId: z.uuid(), challenge: z.string(), expiresAt: z.iso.datetime() }),
  },
  async (event) => issueCertificateChallenge(requestMeta(event)),
)
