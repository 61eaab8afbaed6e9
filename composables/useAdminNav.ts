/** Admin sidebar entries; pages of other domains add theirs here. */
export function useAdminNav() {
  const { t } = useI18n()
  return computed(() => [
    { to: '/admin', label: t('admin.nav.overview'), icon: 'i-lucide-layout-dashboard', exact: true },
    { to: '/admin/users', label: t('admin.nav.users'), icon: 'i-lucide-users', exact: false },
    { to: '/admin/integrations', label: t('admin.nav.outbox'), icon: 'i-lucide-send', exact: false },
    { to: '/admin/audit', label: t('admin.nav.audit'), icon: 'i-lucide-scroll-text', exact: false },
    { to: '/admin/events', label: t('admin.nav.events'), icon: 'i-lucide-workflow', exact: false },
  ])
}
