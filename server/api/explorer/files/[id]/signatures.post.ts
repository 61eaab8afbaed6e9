import { z } from 'zod'
import { defineApiRoute, requestMeta } from '../../../../http'
import { signFile, ZSignFileSchema, ZSignatureViewSchema } from '../../../../domains/explorer'

export default defineApiRoute(
  {
    summary: 'Sign a file (qualified electronic signature)',
    description: 'A CMS (CAdES, base64 DER) of the file\'s current version, detached or with the file inside, as NCALayer or eGov mobile make it. Verified before anything is stored: digest of exactly these bytes, signature, chain to the NCA roots, validity at signing time, revocation where reachable; 400 `errors.signature.<problem>` otherwise. With `companyWorkspaceId` the certificate\'s BIN must be that company\'s (400 `bin_mismatch`) and the workspace verified (403). Publishes FileSigned.',
    tags: ['explorer'],
    access: 'user',
    status: 201,
    params: z.object({ id: z.uuid() }),
    body: ZSignFileSchema,
    errors: [403, 404, 409, 413],
    response: ZSignatureViewSchema,
  },
  async (event, { params, body, auth }) => signFile(auth, requestMeta(event), params.id, body),
)
