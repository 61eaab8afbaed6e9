import type { TApiTokenView } from '../../../shared/auth-views'
import { useDb } from '../../lib/db'
import { AppError } from '../../lib/errors'
import { forbidden } from './auth-errors'
import { createApiTokenValue, sha256 } from './tokens'

type TRow = { id: string; name: string; prefix: string; createdAt: Date; lastUsedAt: Date | null; revokedAt: Date | null }

function view(r: TRow): TApiTokenView {
  return {
    id: r.id,
    name: r.name,
    prefix: r.prefix,
    createdAt: r.createdAt.toISOString(),
    lastUsedAt: r.lastUsedAt?.toISOString() ?? null,
    revokedAt: r.revokedAt?.toISOString() ?? null,
  }
}

const MAX_ACTIVE_TOKENS = 50

/**
 * The token value is returned here once and never again (only its hash is stored).
 * Only a signed-in person may create one: a leaked API token cannot mint more of itself.
 */
export async function createApiToken(
  caller: { userId: string; via: 'session' | 'api_token' },
  input: { name: string },
): Promise<TApiTokenView & { token: string }> {
  if (caller.via !== 'session') throw forbidden('session_required', 'Sign in to create API tokens.')
  const userId = caller.userId
  const db = useDb()
  const active = await db.apiToken.count({ where: { userId, revokedAt: null } })
  if (active >= MAX_ACTIVE_TOKENS) {
    throw new AppError('CONFLICT', `At most ${MAX_ACTIVE_TOKENS} active API tokens.`, { messageKey: 'errors.auth.too_many_api_tokens' })
  }
  const { token, prefix } = createApiTokenValue()
  const row = await db.apiToken.create({ data: { userId, name: input.name, prefix, tokenHash: sha256(token) } })
  return { ...view(row), token }
}

export async function listApiTokens(userId: string): Promise<{ items: TApiTokenView[] }> {
  const rows = await useDb().apiToken.findMany({ where: { userId }, orderBy: { createdAt: 'desc' }, take: 200 })
  return { items: rows.map(view) }
}

/** Revokes one of the user's own tokens; another user's id answers 404. */
export async function revokeApiToken(userId: string, id: string): Promise<TApiTokenView> {
  const db = useDb()
  const row = await db.apiToken.findFirst({ where: { id, userId } })
  if (!row) throw AppError.notFound('API token')
  if (row.revokedAt) return view(row)
  return view(await db.apiToken.update({ where: { id }, data: { revokedAt: new Date() } }))
}
