import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { activeUser, setupAuthTest, uniqueIp, type TAuthTestEnv } from '../helpers/auth'

/**
 * The web app's refresh token lives in an HttpOnly cookie: sign-in sets it instead of
 * answering it, the refresh route reads and rotates it, and reuse detection works on
 * the cookie as on the body (a replayed old cookie ends the session and is cleared).
 */
let env: TAuthTestEnv
beforeAll(async () => {
  env = await setupAuthTest('refreshcookie')
})
afterAll(async () => {
  await env?.teardown()
})

function cookieOf(res: Response, name: string): { value: string; attrs: string } | undefined {
  const line = res.headers.getSetCookie().find((c) => c.startsWith(`${name}=`))
  if (!line) return undefined
  const [pair, ...attrs] = line.split(';')
  return { value: decodeURIComponent(pair!.slice(name.length + 1)), attrs: attrs.join(';').toLowerCase() }
}

async function post(path: string, body: unknown, cookie?: string, token?: string): Promise<Response> {
  const headers: Record<string, string> = { 'content-type': 'application/json', 'x-forwarded-for': uniqueIp() }
  if (cookie) headers.cookie = cookie
  if (token) headers.authorization = `Bearer ${token}`
  return fetch(env.app.url + path, { method: 'POST', headers, body: JSON.stringify(body) })
}

describe('refresh token in an HttpOnly cookie', () => {
  it('sign-in sets it HttpOnly, SameSite=Lax and does not answer it; refresh rotates the cookie; the old one is reuse', async () => {
    const u = await activeUser(env.app.url)
    const login = await post('/api/auth/login', { email: u.email, password: u.password, refreshTokenIn: 'cookie' })
    expect(login.status).toBe(200)
    const body = (await login.json()) as Record<string, unknown>
    expect(body.accessToken).toBeTruthy()
    expect(body).not.toHaveProperty('refreshToken')
    const first = cookieOf(login, 'auth.refresh-token')!
    expect(first.value.length).toBeGreaterThan(10)
    expect(first.attrs).toContain('httponly')
    expect(first.attrs).toContain('samesite=lax')
    expect(first.attrs).toContain('path=/')
    expect(cookieOf(login, 'auth.has-refresh')?.attrs).not.toContain('httponly')

    const r1 = await post('/api/auth/refresh', {}, `auth.refresh-token=${encodeURIComponent(first.value)}`)
    expect(r1.status).toBe(200)
    const r1body = (await r1.json()) as Record<string, unknown>
    expect(r1body.accessToken).toBeTruthy()
    expect(r1body).not.toHaveProperty('refreshToken')
    const second = cookieOf(r1, 'auth.refresh-token')!
    expect(second.value).not.toBe(first.value)
    expect(second.attrs).toContain('httponly')

    // The first cookie again: a copy exists somewhere, the whole session ends.
    const replay = await post('/api/auth/refresh', {}, `auth.refresh-token=${encodeURIComponent(first.value)}`)
    expect(replay.status).toBe(401)
    expect(((await replay.json()) as { error: { params?: { reason?: string } } }).error.params?.reason).toBe('refresh_token_reused')
    expect(cookieOf(replay, 'auth.refresh-token')?.value).toBe('')
    const after = await post('/api/auth/refresh', {}, `auth.refresh-token=${encodeURIComponent(second.value)}`)
    expect(after.status).toBe(401)
  })

  it('refresh without body token or cookie is 401; sign-out clears the cookie', async () => {
    expect((await post('/api/auth/refresh', {})).status).toBe(401)
    const u = await activeUser(env.app.url)
    const out = await post('/api/auth/logout', {}, undefined, u.accessToken)
    expect(out.status).toBe(200)
    expect(cookieOf(out, 'auth.refresh-token')?.value).toBe('')
  })

  it('marks the cookie Secure when served over TLS (behind our proxy)', async () => {
    const u = await activeUser(env.app.url)
    const res = await fetch(env.app.url + '/api/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': uniqueIp(), 'x-forwarded-proto': 'https' },
      body: JSON.stringify({ email: u.email, password: u.password, refreshTokenIn: 'cookie' }),
    })
    expect(cookieOf(res, 'auth.refresh-token')?.attrs).toContain('secure')
  })
})
