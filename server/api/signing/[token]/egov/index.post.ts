import { z } from 'zod'
import { defineApiRoute, getCurrentUser, requestMeta } from '../../../../http'
import { startPartyEgovSigning, ZEgovSignSessionSchema } from '../../../../domains/explorer'

export default defineApiRoute(
  {
    summary: 'Start signing with eGov mobile by QR (party)',
    description:
      'Public, by the party\'s link: registers a QR signing with the eGov QR service (or its sandbox) and answers the QR image, the eGov mobile / eGov Business launch links and the scan deadline. The worker hands the pinned version over once the phone has scanned, then verifies and stores the signature as `/sign` does (the party\'s IIN/BIN included). An open QR of this party is cancelled. 503 `errors.explorer.egov_off` when no service is configured; 409 as `/sign`; 413 over 20 MiB.',
    tags: ['signing'],
    access: 'public',
    status: 201,
    params: z.object({ token: z.string().min(1).max(128) }),
    errors: [404, 409, 413, 429, 503],
    response: ZEgovSignSessionSchema,
  },
  async (event, { params }) => startPartyEgovSigning(params.token, requestMeta(event), await getCurrentUser(event)),
)
