import UAParser from 'ua-parser-js'
import type { TDeviceView } from '../../../shared/auth-views'

// "Mobile Safari" and "Chrome WebView" read as plain "Safari"/"Chrome" next to "on iPhone".
const browserName = (name: string) => name.replace(/^Mobile (?=\w)/, '').replace(/ WebView$/, '')
// The parser's system names, as their makers write them today.
const OS_NAMES: Record<string, string> = { 'Mac OS': 'macOS', 'Chromium OS': 'ChromeOS' }

/**
 * A person-readable device from a User-Agent header ("Chrome" on "Windows", "Safari"
 * on "iPhone"), parsed by ua-parser-js (v1, MIT). Unknown parts stay null so the page
 * can say "unknown device" in its own language rather than show the raw header.
 */
export function describeUserAgent(userAgent: string | null): TDeviceView {
  if (!userAgent) return { browser: null, os: null, mobile: false }
  const r = new UAParser(userAgent).getResult()
  const browser = r.browser.name ? browserName(r.browser.name) : null
  // Apple's phones and tablets are known by the device, everything else by its system.
  const appleDevice = r.device.vendor === 'Apple' && r.device.model && /^(iPhone|iPad|iPod)/.test(r.device.model) ? r.device.model : null
  const os = appleDevice ?? (r.os.name ? (OS_NAMES[r.os.name] ?? r.os.name) : null)
  return { browser, os, mobile: r.device.type === 'mobile' || r.device.type === 'tablet' }
}
