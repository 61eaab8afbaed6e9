import { useConfig } from '../../lib/config'
import type { TRateLimitRule } from '../../lib/rate-limit'

/**
 * Brute-force limits (fixed windows in Redis, shared by every web process).
 * Per IP counts every attempt. Password failures are counted per (account, client),
 * client = the signed device cookie or else the IP, and account-wide only for clients
 * that never signed in to that account: strangers cannot lock the owner's known
 * devices out (README "Brute force").
 */
const MIN = 60_000
export const LIMITS = {
  loginIp: { name: 'login:ip', limit: 30, windowMs: 15 * MIN },
  /** Failures of one client (device cookie, else IP) against one account. */
  loginClient: { name: 'login:client', limit: 10, windowMs: 15 * MIN },
  /** Failures against one account from clients that never signed in to it (distributed guessing). */
  loginAccount: { name: 'login:acct2', limit: 30, windowMs: 60 * MIN },
  /** Current-password checks (password and email change): all attempts per IP, failures per account. */
  passwordCheckIp: { name: 'pwcheck:ip', limit: 30, windowMs: 15 * MIN },
  passwordCheckAccount: { name: 'pwcheck:acct', limit: 10, windowMs: 15 * MIN },
  verifyIp: { name: 'verify:ip', limit: 20, windowMs: 15 * MIN },
  verifyAccount: { name: 'verify:acct', limit: 10, windowMs: 15 * MIN },
  forgotIp: { name: 'forgot:ip', limit: 10, windowMs: 15 * MIN },
  forgotAccount: { name: 'forgot:acct', limit: 3, windowMs: 15 * MIN },
  resendAccount: { name: 'resend:acct', limit: 3, windowMs: 15 * MIN },
  // Each request sends an SMS (costs money once live): as strict as resending a code.
  phoneChangeAccount: { name: 'phone:acct', limit: 3, windowMs: 15 * MIN },
} satisfies Record<string, TRateLimitRule>

/** Accounts created per IP (attempts that pass the input checks), REGISTER_IP_LIMIT per 15 min. */
export function registerIpRule(): TRateLimitRule {
  return { name: 'register:ip', limit: useConfig().REGISTER_IP_LIMIT, windowMs: 15 * MIN }
}
