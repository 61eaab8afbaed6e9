/** The site's main navigation, shared by the header (desktop and phone) and the footer. */
export function useSiteNav() {
  const { t } = useI18n()
  const localePath = useSitePath()
  return computed(() => [
    { to: localePath('/catalog'), label: t('nav.catalog'), icon: 'i-lucide-library' },
    { to: localePath('/constructor'), label: t('nav.constructor'), icon: 'i-lucide-file-pen-line' },
    { to: localePath('/chat'), label: t('nav.chat'), icon: 'i-lucide-messages-square' },
    { to: localePath('/amicus'), label: t('nav.amicus'), icon: 'i-lucide-briefcase-business' },
    { to: localePath('/pricing'), label: t('nav.pricing'), icon: 'i-lucide-badge-percent' },
  ])
}
