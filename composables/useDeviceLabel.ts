import type { TDeviceView } from '#shared/auth-views'

/** "Chrome on Windows", "Safari on iPhone" in the page's language; only the known part, else "unknown device". */
export function useDeviceLabel() {
  const { t } = useI18n()
  return (d: TDeviceView): string => {
    if (d.browser && d.os) return t('profile.sessions.device', { browser: d.browser, os: d.os })
    return d.browser ?? d.os ?? t('profile.unknownDevice')
  }
}
