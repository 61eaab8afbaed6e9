import { resetConfigForTests } from '../../server/lib/config'
import { closeDb } from '../../server/lib/db'
import { closeRedis } from '../../server/lib/redis'
import { ensureDemoUsers } from '../../server/domains/auth'
import { activeUser, call, uniqueIp } from './auth'
import { createTestDatabase, testRedisPrefix } from './db'
import { listenApiApp, type TRunningApp } from './h3-app'

/**
 * Set-up for the workspace and history integration tests: a fresh database, a
 * private Redis prefix and the auth, workspace and history routes on one h3 app.
 */
export interface TWorkspaceTestEnv {
  app: TRunningApp
  base: string
  env: Record<string, string>
  teardown: () => Promise<void>
}

export async function setupWorkspaceTest(label: string): Promise<TWorkspaceTestEnv> {
  const testDb = await createTestDatabase(label)
  const env = {
    DATABASE_URL: testDb.url,
    REDIS_PREFIX: testRedisPrefix(label),
    REGION: 'kz',
    TRUST_PROXY: '1',
    // Many tests register from 127.0.0.1; auth-limits.test.ts proves the default limit.
    REGISTER_IP_LIMIT: '1000',
    NODE_ENV: 'test',
    LOG_LEVEL: 'error',
  }
  Object.assign(process.env, env)
  resetConfigForTests()
  const app = await listenApiApp(['auth', 'workspace', 'history'])
  return {
    app,
    base: app.url,
    env,
    teardown: async () => {
      await app.close()
      await closeRedis()
      await closeDb()
      await testDb.drop()
    },
  }
}

export function setRegion(region: 'kz' | 'ru'): void {
  process.env.REGION = region
  resetConfigForTests()
}

export async function adminToken(base: string): Promise<string> {
  await ensureDemoUsers()
  const r = await call(base, 'POST', '/api/auth/login', { body: { email: 'admin@dogovor24.kz', password: 'Demo12345' }, ip: uniqueIp() })
  if (r.status !== 200) throw new Error(`admin login: ${r.status} ${JSON.stringify(r.body)}`)
  return r.body.accessToken as string
}

export const VALID_BIN = '050140005121'
export const BAD_BIN = '050140005122'
export const VALID_INN10 = '7707083893'
export const VALID_OGRN = '1027700132195'

/** A signed-in user who owns a fresh company workspace. */
export async function ownerWithWorkspace(base: string, name = 'Acme LLP') {
  const owner = await activeUser(base)
  const r = await call(base, 'POST', '/api/workspace', { token: owner.accessToken, body: { name, bin: VALID_BIN } })
  if (r.status !== 201) throw new Error(`create workspace: ${r.status} ${JSON.stringify(r.body)}`)
  return { owner, workspace: r.body as { id: string; name: string } }
}

/** Invites `email` with `role` and accepts as `invitee`; returns the accept answer. */
export async function inviteAndAccept(base: string, ownerToken: string, workspaceId: string, invitee: { email: string; accessToken: string }, role: string) {
  const inv = await call(base, 'POST', `/api/workspace/${workspaceId}/invites`, { token: ownerToken, body: { email: invitee.email, role } })
  if (inv.status !== 201) throw new Error(`invite: ${inv.status} ${JSON.stringify(inv.body)}`)
  const acc = await call(base, 'POST', `/api/workspace/invites/${inv.body.delivery.devToken}/accept`, { token: invitee.accessToken })
  if (acc.status !== 200) throw new Error(`accept: ${acc.status} ${JSON.stringify(acc.body)}`)
  return acc.body
}
