import type { TRateLimitRule } from '../../lib/rate-limit'

/**
 * Brute-force limits (fixed windows in Redis, shared by every web process).
 * Per IP counts every attempt; per account counts failures only, so a person who
 * types their password right is never locked out by someone else's guesses from
 * many IPs beyond the account window.
 */
const MIN = 60_000
export const LIMITS = {
  loginIp: { name: 'login:ip', limit: 30, windowMs: 15 * MIN },
  loginAccount: { name: 'login:acct', limit: 10, windowMs: 15 * MIN },
  verifyIp: { name: 'verify:ip', limit: 20, windowMs: 15 * MIN },
  verifyAccount: { name: 'verify:acct', limit: 10, windowMs: 15 * MIN },
  forgotIp: { name: 'forgot:ip', limit: 10, windowMs: 15 * MIN },
  forgotAccount: { name: 'forgot:acct', limit: 3, windowMs: 15 * MIN },
  resendAccount: { name: 'resend:acct', limit: 3, windowMs: 15 * MIN },
  // Each request sends an SMS (costs money once live): as strict as resending a code.
  phoneChangeAccount: { name: 'phone:acct', limit: 3, windowMs: 15 * MIN },
} satisfies Record<string, TRateLimitRule>
