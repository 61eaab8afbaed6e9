/** The site's main navigation, shared by the header (desktop and phone) and the footer. */
export function useSiteNav() {
  const { t } = useI18n()
  return computed(() => [
    { to: '/catalog', label: t('nav.catalog'), icon: 'i-lucide-library' },
    { to: '/constructor', label: t('nav.constructor'), icon: 'i-lucide-file-pen-line' },
    { to: '/chat', label: t('nav.chat'), icon: 'i-lucide-messages-square' },
    { to: '/amicus', label: t('nav.amicus'), icon: 'i-lucide-briefcase-business' },
  ])
}
