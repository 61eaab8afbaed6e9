import { z } from 'zod'
import { defineApiRoute, requestMeta } from '../../../../../http'
import { startFileEgovSigning, ZEgovSignSessionSchema, ZStartFileEgovSchema } from '../../../../../domains/explorer'

export default defineApiRoute(
  {
    summary: 'Start signing a file with eGov mobile by QR',
    description:
      'Members who may change the file: registers a QR signing of its current version with the eGov QR service (or its sandbox); the worker hands the version over once the phone has scanned, then verifies and stores the signature as `POST …/signatures` does (with `companyWorkspaceId`, the certificate\'s BIN must be that company\'s). The caller\'s open QR for this file is replaced. 503 `errors.explorer.egov_off` when no service is configured; 409 as signing; 413 over 20 MiB; 429 over 20 a quarter-hour.',
    tags: ['explorer'],
    access: 'user',
    status: 201,
    params: z.object({ id: z.uuid() }),
    body: ZStartFileEgovSchema,
    errors: [403, 404, 409, 413, 429, 503],
    response: ZEgovSignSessionSchema,
  },
  async (event, { params, body, auth }) => startFileEgovSigning(auth, requestMeta(event), params.id, body),
)
