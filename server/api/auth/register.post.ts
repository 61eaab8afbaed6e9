import { defineApiRoute, requestMeta } from '../../http'
import { registerUser, ZRegisterSchema } from '../../domains/auth'
import { ZRegisterResultSchema } from '../../../shared/auth-views'

export default defineApiRoute(
  {
    summary: 'Register by email or phone',
    description:
      'Creates a pending account and sends a verification link (email) or code (phone). `acceptTerms` must be true: the current terms and privacy versions are stored as the person\'s consent. 409 when taken; 429 past REGISTER_IP_LIMIT per IP in 15 min.',
    tags: ['auth'],
    access: 'public',
    response: ZRegisterResultSchema,
    errors: [409, 429],
    status: 201,
    body: ZRegisterSchema,
  },
  (event, { body }) => registerUser(body, requestMeta(event)),
)
