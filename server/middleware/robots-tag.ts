import { appendResponseHeader, defineEventHandler, setResponseHeader } from 'h3'
import { isPrivatePath } from '../../shared/locales'

// Sign-in forms, a person's own pages and invitations (shared/locales.ts) stay out of
// search results even when a crawler finds a link to them: the header covers what a
// meta tag cannot (redirects, non-HTML answers). Their content depends on the sign-in
// cookies, hence Vary; public pages depend on the URL alone (language included).
export default defineEventHandler((event) => {
  if (event.path.startsWith('/api/') || !isPrivatePath(event.path)) return
  setResponseHeader(event, 'x-robots-tag', 'noindex, nofollow')
  appendResponseHeader(event, 'vary', 'Cookie')
})
