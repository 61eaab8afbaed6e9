import { defineEventHandler, getRequestHeader, parseCookies, sendRedirect } from 'h3'
import { localeOfPath, localizedPath, needsSignIn } from '../../shared/locales'
import { isAnonymous } from '../lib/page-cache'

// The pages behind sign-in render in the browser (route rules ssr: false), so no server
// render runs the route middleware that sends an anonymous visitor to sign in. A visitor
// with no session cookie at all is sent there here, as the server render used to, before
// any script: a crawler, a shared link opened signed out, a browser without JavaScript.
// With a session cookie the page loads and middleware/auth.global.ts decides (an expired
// access token is refreshed there).
export default defineEventHandler((event) => {
  if (event.method !== 'GET' && event.method !== 'HEAD') return
  if (event.path.startsWith('/api/') || !needsSignIn(event.path)) return
  if (!isAnonymous({ cookies: parseCookies(event), authorization: getRequestHeader(event, 'authorization') })) return
  const login = localizedPath('/auth/login', localeOfPath(event.path))
  return sendRedirect(event, `${login}?redirect=${encodeURIComponent(event.path)}`, 302)
})
