/**
 * Auth domain: the only file other domains and routes import. Users, passwords,
 * verification, sessions (refresh-token families), login history, API tokens,
 * roles, and who a bearer token names (`authenticate`; the request-aware guards
 * built on it live in server/http/auth.ts).
 */
export { domain } from './domain'
export { listeners } from './listeners'
export { authenticate, hasRole, type TAuthContext, type TAuthUser, type TAuthResult } from './authenticate'
export { unauthenticated, forbidden, type TAuthFailure } from './auth-errors'
export { registerUser, type TRegisterInput } from './register-user'
export { verifyAccount, type TVerifyInput } from './verify-account'
export { resendVerification } from './resend-verification'
export { login, type TLoginResult } from './login'
export { issueCertificateChallenge, loginWithCertificate } from './certificate-login'
export { startEgovLogin, getEgovLogin, cancelEgovLogin, completeEgovLogin, runEgovLogin, egovLoginAvailable } from './egov-login'
export { DEVICE_COOKIE, DEVICE_TTL_MS, readDeviceCookie, signDeviceId } from './device'
export { refreshSession } from './refresh-session'
export { logout, revokeSession, revokeAllSessions, revokeOtherSessions } from './revoke-session'
export { describeUserAgent } from './user-agent'
export { describePlace } from './place'
export { forgotPassword } from './forgot-password'
export { resetPassword } from './reset-password'
export { changePassword } from './change-password'
export { requestEmailChange, confirmEmailChange } from './change-email'
export { requestPhoneChange, confirmPhoneChange } from './change-phone'
export { updateUser } from './update-user'
export { listSessions } from './list-sessions'
export { listLoginHistory } from './list-login-history'
export { createApiToken, listApiTokens, revokeApiToken } from './api-tokens'
export { listUsers, blockUser, unblockUser, setUserRoles, type TListUsersQuery } from './admin-users'
export { ensureDemoUsers, DEMO_USERS, DEMO_PASSWORD } from './ensure-demo-users'
export { getUserById, getUsersByIds, findUserByContact, displayNames } from './get-user'
export type { TRequestMeta } from './meta'
export { toPublicUser } from './public-user'
export type { TTokenPair } from './issue-session'
export type { TDelivery } from './deliver'
export {
  ROLES,
  ZRoleSchema,
  ZEmailSchema,
  ZPhoneSchema,
  ZPasswordSchema,
  ZLocaleSchema,
  ZPageQuerySchema,
  ZRegisterSchema,
  ZAcceptTermsSchema,
  ZIdentifierSchema,
  ZUpdateUserSchema,
  ZPhoneCodeSchema,
  ZChangePasswordSchema,
  type TChangePasswordInput,
  type TUpdateUserInput,
  type TRole,
} from '../../../shared/auth'
export {
  ZPublicUserSchema,
  ZApiTokenViewSchema,
  ZSessionViewSchema,
  ZDeviceViewSchema,
  ZLoginHistoryViewSchema,
  type TPublicUser,
  type TApiTokenView,
  type TSessionView,
  type TDeviceView,
  type TLoginHistoryView,
} from '../../../shared/auth-views'
