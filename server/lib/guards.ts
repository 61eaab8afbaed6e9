/**
 * Route guards for every domain: `requireUser(event)` (401), `requireRole(event, 'lawyer')`
 * (403; admin passes every role check), `getCurrentUser(event)` (null when anonymous).
 * They live in the auth domain; this is the import path other helpers use.
 */
export { getCurrentUser, requireUser, requireRole, hasRole, type TAuthContext, type TAuthUser, type TRole } from '../domains/auth'
