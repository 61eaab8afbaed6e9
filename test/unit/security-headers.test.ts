import { describe, expect, it } from 'vitest'
import { addNonce, pagePolicy } from '../../server/http/security-headers'

describe('page Content-Security-Policy', () => {
  it('allows our scripts and the nonce only; no inline script or eval; never framed', () => {
    const csp = pagePolicy({ nonce: 'abc' })
    expect(csp).toContain("script-src 'self' 'nonce-abc';")
    expect(csp).not.toMatch(/script-src[^;]*'unsafe-(inline|eval)'/)
    expect(csp).toContain("frame-ancestors 'none'")
    expect(csp).toContain("object-src 'none'")
    expect(csp).not.toContain('googletagmanager')
  })

  it('allows the analytics, error-reporting and realtime hosts only when configured', () => {
    const csp = pagePolicy({ nonce: 'n', gtmId: 'GTM-X', yandexMetricaId: '1', sentryDsn: 'https://k@o1.ingest.sentry.io/7', realtimeOrigins: ['wss://ws.example.kz'] })
    expect(csp).toMatch(/script-src [^;]*https:\/\/www\.googletagmanager\.com/)
    expect(csp).toMatch(/script-src [^;]*https:\/\/mc\.yandex\.ru/)
    expect(csp).toMatch(/connect-src [^;]*https:\/\/o1\.ingest\.sentry\.io/)
    expect(csp).toMatch(/connect-src [^;]*wss:\/\/ws\.example\.kz/)
  })

  it('puts the nonce on every script tag, once', () => {
    const [out] = addNonce(['<script>a</script><script type="module" src="/x.js"></script><script nonce="z">b</script>'], 'N')
    expect(out).toBe('<script nonce="N">a</script><script nonce="N" type="module" src="/x.js"></script><script nonce="z">b</script>')
  })
})
