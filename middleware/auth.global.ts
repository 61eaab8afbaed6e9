import { localeOfPath, localizedPath, needsSignIn, unlocalizedPath } from '#shared/locales'

/**
 * Pages behind sign-in (shared/locales.ts needsSignIn: /profile, /workspace/**, /admin/**,
 * /welcome; admin role for /admin). Anonymous visitors go to the login page (in the page's
 * language) and come back after signing in. Without any session cookie the server sends
 * them there before this runs (server/middleware/sign-in.ts): these pages render in the browser.
 */
export default defineNuxtRouteMiddleware(async (to) => {
  const path = unlocalizedPath(to.path)
  if (!needsSignIn(to.path)) return
  const { status, data, getSession } = useAuth()
  if (status.value === 'loading') await getSession()
  if (status.value !== 'authenticated' || !data.value) {
    return navigateTo({ path: localizedPath('/auth/login', localeOfPath(to.path)), query: { redirect: to.fullPath } })
  }
  // Moving between pages in the browser: ask the server again, so a session ended
  // elsewhere (revoked, account blocked) sends the person to sign in, with the reason.
  if (import.meta.client && !useNuxtApp().isHydrating) {
    const api = useApi()
    const signedOut = useSignedOutLocally()
    try {
      await api('/api/auth/user', { noBounce: true })
    } catch (e) {
      const reason = authFailureReason(e)
      if (reason) {
        signedOut()
        return navigateTo(loginLocation(reason, to.fullPath))
      }
    }
  }
  // Editors reach the content and media pages only; the API guards each action again.
  const editorPage = (path.startsWith('/admin/content') || path.startsWith('/admin/media')) && data.value.roles.includes('editor')
  if (path.startsWith('/admin') && !data.value.roles.includes('admin') && !editorPage) {
    return abortNavigation(createError({ statusCode: 403, statusMessage: 'Forbidden', fatal: import.meta.server }))
  }
})
