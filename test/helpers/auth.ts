import { spawn, type ChildProcess } from 'node:child_process'
import path from 'node:path'
import { randomBytes } from 'node:crypto'
import { resetConfigForTests } from '../../server/lib/config'
import { closeDb, useDb } from '../../server/lib/db'
import { closeRedis } from '../../server/lib/redis'
import { createTestDatabase, testRedisPrefix } from './db'
import { listenApiApp, type TRunningApp } from './h3-app'

/**
 * Shared set-up for the auth integration tests: a fresh database, a private Redis
 * prefix, the auth + admin routes on an h3 app, and a small JSON client.
 * TRUST_PROXY is on so each test can act from its own IP via X-Forwarded-For.
 */
export const API_DIRS = ['auth', 'admin/users']

export interface TAuthTestEnv {
  app: TRunningApp
  env: Record<string, string>
  teardown: () => Promise<void>
}

/** A fresh database and Redis prefix, the test env, and the routes of `dirs` (auth's by default) on a listening h3 app. */
export async function setupAuthTest(label: string, region: 'kz' | 'ru' = 'kz', dirs: string[] = API_DIRS): Promise<TAuthTestEnv> {
  const testDb = await createTestDatabase(label)
  const env = {
    DATABASE_URL: testDb.url,
    REDIS_PREFIX: testRedisPrefix(label),
    REGION: region,
    TRUST_PROXY: '1',
    // Many tests register from 127.0.0.1; auth-limits.test.ts proves the default limit.
    REGISTER_IP_LIMIT: '1000',
    NODE_ENV: 'test',
    LOG_LEVEL: 'error',
  }
  Object.assign(process.env, env)
  resetConfigForTests()
  const app = await listenApiApp(dirs)
  return {
    app,
    env,
    teardown: async () => {
      await app.close()
      await closeRedis()
      await closeDb()
      await testDb.drop()
    },
  }
}

export interface TCallResult<T = any> {
  status: number
  headers: Headers
  body: T
}

export async function call<T = any>(
  base: string,
  method: string,
  url: string,
  opts: { body?: unknown; token?: string; ip?: string; cookie?: string } = {},
): Promise<TCallResult<T>> {
  const headers: Record<string, string> = { 'user-agent': 'vitest-auth' }
  if (opts.body !== undefined) headers['content-type'] = 'application/json'
  if (opts.token) headers.authorization = `Bearer ${opts.token}`
  if (opts.ip) headers['x-forwarded-for'] = opts.ip
  if (opts.cookie) headers.cookie = opts.cookie
  const res = await fetch(base + url, { method, headers, body: opts.body === undefined ? undefined : JSON.stringify(opts.body) })
  const text = await res.text()
  return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : null }
}

/** Passes the strength policy (zxcvbn score ≥ 3); weak ones are refused on register, reset and change. */
export const STRONG_PASSWORD = 'Secret-Otter-123'

export function uniqueEmail(tag = 'u'): string {
  return `${tag}-${randomBytes(4).toString('hex')}@example.kz`
}

export function uniqueIp(): string {
  const b = randomBytes(3)
  return `10.${b[0]}.${b[1]}.${b[2]}`
}

/** Registers by email, verifies with the dev token and signs in; returns the login answer. */
export async function activeUser(base: string, email = uniqueEmail(), password = STRONG_PASSWORD) {
  const ip = uniqueIp()
  const reg = await call(base, 'POST', '/api/auth/register', { body: { acceptTerms: true, email, password }, ip })
  if (reg.status !== 201) throw new Error(`register: ${reg.status} ${JSON.stringify(reg.body)}`)
  const ver = await call(base, 'POST', '/api/auth/verify', { body: { token: reg.body.verification.devToken }, ip })
  if (ver.status !== 200) throw new Error(`verify: ${ver.status} ${JSON.stringify(ver.body)}`)
  const login = await call(base, 'POST', '/api/auth/login', { body: { email, password }, ip })
  if (login.status !== 200) throw new Error(`login: ${login.status} ${JSON.stringify(login.body)}`)
  return { email, password, ip, userId: reg.body.user.id as string, ...login.body } as {
    email: string
    password: string
    ip: string
    userId: string
    accessToken: string
    refreshToken: string
    sessionId: string
  }
}

/** A second web process (tsx) serving the same routes with the same database and Redis. */
export async function spawnSecondInstance(env: Record<string, string>, dirs: string[] = API_DIRS): Promise<{ url: string; stop: () => Promise<void> }> {
  const root = path.resolve(import.meta.dirname, '../..')
  const child: ChildProcess = spawn(path.join(root, 'node_modules/.bin/tsx'), ['test/helpers/h3-server.ts', ...dirs], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let out = ''
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`second instance did not start: ${out}`)), 30_000)
    const onData = (b: Buffer) => {
      out += b.toString()
      const m = /LISTENING (\S+)/.exec(out)
      if (m) {
        clearTimeout(timer)
        resolve(m[1]!)
      }
    }
    child.stdout!.on('data', onData)
    child.stderr!.on('data', (b: Buffer) => (out += b.toString()))
    child.once('exit', (code) => reject(new Error(`second instance exited ${code}: ${out}`)))
  })
  return {
    url,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve()
        child.once('exit', () => resolve())
        child.kill('SIGTERM')
      }),
  }
}

export { useDb }
