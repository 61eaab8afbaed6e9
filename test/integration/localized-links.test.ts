import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { useDb } from '../../server/lib/db'
import { activeUser, call, STRONG_PASSWORD, uniqueEmail, uniqueIp } from '../helpers/auth'
import { deliverMessages } from '../helpers/deliveries'
import { ownerWithWorkspace, setRegion, setupWorkspaceTest, type TWorkspaceTestEnv } from '../helpers/workspace'

/**
 * Links in messages open the page in the recipient's language: the language is part of
 * the URL (`/kk/…`, `/en/…`, Russian without a prefix), so a Kazakh verification email
 * must not land on the Russian page.
 */
let t: TWorkspaceTestEnv
beforeAll(async () => {
  t = await setupWorkspaceTest('localized-links')
})
afterAll(async () => {
  setRegion('kz')
  await t?.teardown()
})

const mailedLink = async (to: string, pathPart: string) => {
  const rows = await useDb().$queryRaw<{ payload: { input: { text: string } } }[]>`
    SELECT payload FROM integration_outbox WHERE recipient = ${to} ORDER BY created_at DESC`
  const links = rows.flatMap((r) => r.payload.input.text.match(/https?:\/\/\S+/g) ?? []).filter((l) => l.includes(pathPart))
  expect(links, `a ${pathPart} link mailed to ${to}`).not.toEqual([])
  return new URL(links[0]!)
}

async function register(locale: string) {
  const email = uniqueEmail(`reg-${locale}`)
  const r = await call(t.base, 'POST', '/api/auth/register', { body: { acceptTerms: true, email, password: STRONG_PASSWORD, locale }, ip: uniqueIp() })
  expect(r.status).toBe(201)
  await deliverMessages()
  return mailedLink(email, '/auth/verify')
}

describe('links in messages carry the recipient’s language', () => {
  it('verification link: /kk/ for a Kazakh account, /en/ for English, no prefix for Russian', async () => {
    expect((await register('kk')).pathname).toBe('/kk/auth/verify')
    expect((await register('en')).pathname).toBe('/en/auth/verify')
    const ru = await register('ru')
    expect(ru.pathname).toBe('/auth/verify')
    expect(ru.searchParams.get('token')).toMatch(/.{16,}/)
  })

  it('password reset link in the account’s language', async () => {
    const u = await activeUser(t.base)
    expect((await call(t.base, 'PATCH', '/api/auth/user', { token: u.accessToken, body: { locale: 'kk' } })).status).toBe(200)
    expect((await call(t.base, 'POST', '/api/auth/password/forgot', { body: { email: u.email }, ip: uniqueIp() })).status).toBe(202)
    await deliverMessages()
    await deliverMessages()
    expect((await mailedLink(u.email, '/auth/reset-password')).pathname).toBe('/kk/auth/reset-password')
  })

  it('invitation link in the invitee’s language', async () => {
    const { owner, workspace } = await ownerWithWorkspace(t.base, 'Links LLP')
    const kazakh = await activeUser(t.base)
    expect((await call(t.base, 'PATCH', '/api/auth/user', { token: kazakh.accessToken, body: { locale: 'kk' } })).status).toBe(200)
    const r = await call(t.base, 'POST', `/api/workspace/${workspace.id}/invites`, { token: owner.accessToken, body: { email: kazakh.email, role: 'member' } })
    expect(r.status).toBe(201)
    expect(new URL(r.body.delivery.link).pathname).toMatch(/^\/kk\/workspace\/invites\/[\w-]+$/)
    await deliverMessages()
    expect((await mailedLink(kazakh.email, '/workspace/invites/')).pathname).toMatch(/^\/kk\/workspace\/invites\//)
  })

  it('on the ru site (no Kazakh) a Kazakh account gets the Russian page, English keeps /en/', async () => {
    setRegion('ru')
    try {
      expect((await register('kk')).pathname).toBe('/auth/verify')
      expect((await register('en')).pathname).toBe('/en/auth/verify')
    } finally {
      setRegion('kz')
    }
  })
})
