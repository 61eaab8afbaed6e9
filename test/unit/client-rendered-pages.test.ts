import { describe, expect, it } from 'vitest'
import { clientRenderedRouteRules, isClientRenderedPath, isPrivatePath, needsSignIn } from '../../shared/locales'

describe('pages rendered in the browser', () => {
  it('are the signed-in pages in every language, not the public pages or the sign-in forms', () => {
    for (const p of ['/profile', '/kk/profile/security', '/en/workspace', '/workspace/123', '/admin/users', '/en/admin', '/welcome', '/profile?tab=x'])
      expect(isClientRenderedPath(p), p).toBe(true)
    for (const p of ['/', '/kk', '/catalog', '/en/catalog', '/auth/login', '/kk/auth/register', '/profiles', '/administrator', '/legal/terms'])
      expect(isClientRenderedPath(p), p).toBe(false)
    // Every client-rendered page is private (noindex): no crawler is denied a page it could index.
    for (const p of ['/profile', '/kk/workspace/1', '/en/admin/audit', '/welcome', '/kk/billing', '/billing/pay/000000001']) expect(isPrivatePath(p), p).toBe(true)
    // The constructor's landing is public; a person's fillings, documents and saved details are not.
    for (const p of ['/constructor/fill/1', '/kk/constructor/my', '/en/constructor/details']) {
      expect(isClientRenderedPath(p), p).toBe(true)
      expect(isPrivatePath(p), p).toBe(true)
      expect(needsSignIn(p), p).toBe(true)
    }
    for (const p of ['/constructor', '/kk/constructor', '/constructor?template=1']) expect(isClientRenderedPath(p), p).toBe(false)
  })

  it('send anonymous visitors to sign in, except on an invitation link', () => {
    expect(needsSignIn('/kk/profile')).toBe(true)
    expect(needsSignIn('/workspace/0b5c8f2e-0000-4000-8000-000000000000')).toBe(true)
    expect(needsSignIn('/workspace/invites/tok123')).toBe(false)
    expect(needsSignIn('/en/workspace/invite/tok123?from=mail')).toBe(false)
    expect(needsSignIn('/workspace/invites/tok123/accept')).toBe(true)
    expect(needsSignIn('/catalog')).toBe(false)
  })

  it('give route rules for each prefix with and without a language, the prefix itself included', () => {
    const rules = clientRenderedRouteRules()
    for (const key of ['/profile', '/profile/**', '/kk/profile/**', '/en/admin', '/en/admin/**', '/welcome', '/kk/welcome/**']) expect(rules[key], key).toEqual({ ssr: false })
    expect(Object.keys(rules).some((k) => k.includes('/auth'))).toBe(false)
  })
})
