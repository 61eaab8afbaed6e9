import { z } from 'zod'
import { defineApiRoute, requireWorkspaceMember } from '../../../../http'
import { verifyBySignature, ZWorkspaceViewSchema } from '../../../../domains/workspace'

export default defineApiRoute(
  {
    summary: 'Verify the company with a qualified signature',
    description:
      'The CMS (base64) of the text from `…/verification/challenge`, made with a qualified certificate (NCALayer, eGov mobile). Verified like any signature (400 `errors.signature.<problem>`); its certificate must carry the workspace\'s BIN (400 `bin_mismatch`). Then the workspace may sign and invoice as the company. 409 `challenge_expired` when the text was used or is older than 10 minutes.',
    tags: ['workspace'],
    access: 'user',
    params: z.object({ id: z.string() }),
    body: z.strictObject({ cms: z.string().trim().min(16).max(4 * 1024 * 1024).regex(/^[A-Za-z0-9+/=\r\n]+$/, 'not_base64') }),
    errors: [403, 404, 409],
    response: ZWorkspaceViewSchema,
  },
  async (event, { params, body }) => verifyBySignature(await requireWorkspaceMember(event, params.id, { minRole: 'admin' }), body.cms),
)
