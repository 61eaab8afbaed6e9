import { useConfig } from '../../lib/config'
import { useDb } from '../../lib/db'
import { usePgPool } from '../../lib/pg'
import type { TAuthFailure } from './auth-errors'
import type { TRole } from '../../../shared/auth'
import { toPublicUser, type TPublicUser } from './public-user'
import type { User } from '../../generated/prisma/client'
import { API_TOKEN_PREFIX, sha256, verifyAccessToken } from './tokens'

/** The caller's public profile, read fresh on each request. */
export interface TAuthUser extends TPublicUser {
  roles: TRole[]
}

/** Who is calling: a signed-in person (session) or a machine client (API token). */
export interface TAuthContext {
  user: TAuthUser
  via: 'session' | 'api_token'
  sessionId: string | null
  apiTokenId: string | null
}

/** Who the credentials name, or why they name no one. */
export type TAuthResult = { ctx: TAuthContext | null; failure: TAuthFailure | null }

// API tokens' last_used_at is written at most once a minute per token: enough for
// "last used" in the list, without a write on every request of a busy integration.
const LAST_USED_EVERY_MS = 60_000

function toAuthUser(u: User): TAuthUser {
  return { ...toPublicUser(u), roles: u.roles as TRole[] }
}

async function resolveApiToken(token: string): Promise<TAuthResult> {
  const db = useDb()
  const row = await db.apiToken.findUnique({ where: { tokenHash: sha256(token) }, include: { user: true } })
  if (!row) return { ctx: null, failure: 'invalid_token' }
  if (row.revokedAt) return { ctx: null, failure: 'api_token_revoked' }
  if (row.user.status !== 'active') return { ctx: null, failure: 'account_blocked' }
  if (!row.lastUsedAt || Date.now() - row.lastUsedAt.getTime() > LAST_USED_EVERY_MS) {
    await db.apiToken.update({ where: { id: row.id }, data: { lastUsedAt: new Date() } })
  }
  return { ctx: { user: toAuthUser(row.user), via: 'api_token', sessionId: null, apiTokenId: row.id }, failure: null }
}

const SESSION_USER_SQL = `SELECT s.user_id, s.revoked_at, u.id, u.email, u.phone, u.password_hash, u.status, u.roles, u.name,
  u.iin, u.inn, u.locale, u.created_at, u.updated_at, u.activated_at
  FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.id = $1`

interface TSessionRow {
  user_id: string
  revoked_at: Date | null
  id: string
  email: string | null
  phone: string | null
  password_hash: string
  status: User['status']
  roles: string[]
  name: string | null
  iin: string | null
  inn: string | null
  locale: string
  created_at: Date
  updated_at: Date
  activated_at: Date | null
}

function rowToUser(r: TSessionRow): User {
  return {
    id: r.id,
    email: r.email,
    phone: r.phone,
    passwordHash: r.password_hash,
    status: r.status,
    roles: r.roles,
    name: r.name,
    iin: r.iin,
    inn: r.inn,
    locale: r.locale,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    activatedAt: r.activated_at,
  }
}

async function resolveAccessToken(token: string): Promise<TAuthResult> {
  const check = verifyAccessToken(token, useConfig().AUTH_SECRET)
  if (!check.ok) return { ctx: null, failure: check.reason === 'expired' ? 'token_expired' : 'invalid_token' }
  // Read on every request, never cached: revoking a session or blocking a user
  // takes effect on the very next call, not when the access token expires. This is
  // the hottest query of the platform (every signed-in request), so it is one named
  // prepared statement over node-postgres: Prisma's per-query CPU made it ~0.7 ms.
  const { rows } = await usePgPool().query<TSessionRow>({ name: 'auth_session_user', text: SESSION_USER_SQL, values: [check.value.sid] })
  const session = rows[0] ? { userId: rows[0].user_id, revokedAt: rows[0].revoked_at, user: rowToUser(rows[0]) } : null
  if (!session || session.userId !== check.value.sub) return { ctx: null, failure: 'invalid_token' }
  // Blocking also revokes the sessions: name the block, so the person learns why.
  if (session.user.status !== 'active') return { ctx: null, failure: 'account_blocked' }
  if (session.revokedAt) return { ctx: null, failure: 'session_revoked' }
  return { ctx: { user: toAuthUser(session.user), via: 'session', sessionId: check.value.sid, apiTokenId: null }, failure: null }
}

/**
 * The caller named by an `Authorization` header value (`Bearer <access token | d24_ API
 * token>`). Plain in, plain out: server/http/auth.ts binds it to the request (once per
 * request) and turns a failure into 401 with `params.reason`.
 */
export async function authenticate(authorization: string | null | undefined): Promise<TAuthResult> {
  const header = authorization ?? ''
  const match = /^Bearer\s+(\S+)$/i.exec(header)
  if (!match) return { ctx: null, failure: header ? 'invalid_token' : 'missing_token' }
  if (match[1]!.startsWith(API_TOKEN_PREFIX)) return resolveApiToken(match[1]!)
  return resolveAccessToken(match[1]!)
}

/** Whether the user holds the role (any of the roles); admin holds every role. */
export function hasRole(user: TAuthUser, role: TRole | readonly TRole[]): boolean {
  if (user.roles.includes('admin')) return true
  const wanted = typeof role === 'string' ? [role] : role
  return wanted.some((r) => user.roles.includes(r))
}
