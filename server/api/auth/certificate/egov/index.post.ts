import { z } from 'zod'
import { defineApiRoute, requestMeta } from '../../../../http'
import { startEgovLogin } from '../../../../domains/auth'
import { ZEgovSignSessionSchema } from '../../../../../shared/signing'

export default defineApiRoute(
  {
    summary: 'Sign in with eGov mobile by QR: start',
    description:
      'Public: the challenge of `…/certificate/challenge` is registered with the eGov QR service (or its sandbox) for the phone to sign; the answer is the QR, the launch links and a `secret` that only this browser holds: with it, once the status is `signed`, `…/egov/:id/login` signs in. 409 `challenge_expired`; 503 `errors.egov.not_configured`; 429 as password sign-in.',
    tags: ['auth'],
    access: 'public',
    status: 201,
    body: z.strictObject({ challengeId: z.uuid() }),
    errors: [409, 429, 503],
    response: ZEgovSignSessionSchema.extend({ secret: z.string() }),
  },
  async (event, { body }) => startEgovLogin(requestMeta(event), body.challengeId),
)
