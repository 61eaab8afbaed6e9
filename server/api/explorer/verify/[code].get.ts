import { z } from 'zod'
import { clientIp, defineApiRoute } from '../../../http'
import { getVerification, ZVerificationSchema } from '../../../domains/explorer'

export default defineApiRoute(
  {
    summary: 'A signed file\'s public verification',
    description:
      'Public: anyone with the code (printed as a QR code with the document) sees the file\'s name, SHA-256 and every signature of its current version with the signer\'s data (IIN masked) and what the checks found when it was stored. 404 for an unknown code; 429 over 30 checks a minute per address.',
    tags: ['explorer'],
    access: 'public',
    params: z.object({ code: z.string().max(32) }),
    errors: [404, 429],
    response: ZVerificationSchema,
  },
  async (event, { params }) => getVerification(params.code, clientIp(event)),
)
