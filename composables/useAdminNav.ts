/** Admin sidebar entries; pages of other domains add theirs here. */
export function useAdminNav() {
  const { t } = useI18n()
  const localePath = useSitePath()
  return computed(() => [
    { to: localePath('/admin'), label: t('admin.nav.overview'), icon: 'i-lucide-layout-dashboard', exact: true },
    { to: localePath('/admin/users'), label: t('admin.nav.users'), icon: 'i-lucide-users', exact: false },
    { to: localePath('/admin/orders'), label: t('admin.nav.orders'), icon: 'i-lucide-receipt', exact: false },
    { to: localePath('/admin/promo-codes'), label: t('admin.nav.promo'), icon: 'i-lucide-ticket-percent', exact: false },
    { to: localePath('/admin/integrations'), label: t('admin.nav.outbox'), icon: 'i-lucide-send', exact: false },
    { to: localePath('/admin/audit'), label: t('admin.nav.audit'), icon: 'i-lucide-scroll-text', exact: false },
    { to: localePath('/admin/events'), label: t('admin.nav.events'), icon: 'i-lucide-workflow', exact: false },
    { to: localePath('/admin/content'), label: t('contentAdmin.title'), icon: 'i-lucide-library', exact: false },
    { to: localePath('/admin/media'), label: t('admin.media.title'), icon: 'i-lucide-images', exact: false },
  ])
}
