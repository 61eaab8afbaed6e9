import { useConfig, type TConfig } from '../../lib/config'
import type { TEpayConf } from './client'
import { EPAY_TEST_API_URL, EPAY_TEST_OAUTH_URL } from './protocol'

/**
 * The live client's settings, or null (then the sandbox takes payments). All three
 * credentials or none: a half-configured terminal would fail at the first payment
 * instead of at a glance here. URLs default to Epay's test servers, so production
 * must name its own on purpose.
 */
export function epayConf(cfg: TConfig = useConfig()): TEpayConf | null {
  if (!cfg.EPAY_CLIENT_ID || !cfg.EPAY_CLIENT_SECRET || !cfg.EPAY_TERMINAL_ID) return null
  return {
    oauthUrl: cfg.EPAY_OAUTH_URL ?? EPAY_TEST_OAUTH_URL,
    apiUrl: cfg.EPAY_API_URL ?? EPAY_TEST_API_URL,
    clientId: cfg.EPAY_CLIENT_ID,
    clientSecret: cfg.EPAY_CLIENT_SECRET,
    terminal: cfg.EPAY_TERMINAL_ID,
    serviceScope: cfg.EPAY_SERVICE_SCOPE,
  }
}
