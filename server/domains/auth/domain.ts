import { defineDomain } from '../define'

export const domain = defineDomain({
  name: 'auth',
  description: 'Identity: users, credentials, sessions and tokens, roles, email/phone verification, password reset, login history.',
  owns: ['users', 'sessions', 'verification_tokens', 'login_history', 'api_tokens', 'user_certificates'],
})
