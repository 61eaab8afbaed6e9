/**
 * Pages behind sign-in: /profile, /workspace/**, /admin/** (admin role for /admin).
 * Anonymous visitors go to the login page and come back after signing in.
 */
const PROTECTED = [/^\/profile(\/|$)/, /^\/workspace(\/|$)/, /^\/admin(\/|$)/]

export default defineNuxtRouteMiddleware(async (to) => {
  if (!PROTECTED.some((re) => re.test(to.path))) return
  const { status, data, getSession } = useAuth()
  if (status.value === 'loading') await getSession()
  if (status.value !== 'authenticated' || !data.value) {
    return navigateTo({ path: '/auth/login', query: { redirect: to.fullPath } })
  }
  if (to.path.startsWith('/admin') && !data.value.roles.includes('admin')) {
    return abortNavigation(createError({ statusCode: 403, statusMessage: 'Forbidden', fatal: import.meta.server }))
  }
})
