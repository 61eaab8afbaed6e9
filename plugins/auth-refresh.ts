/**
 * Runs before nuxt-auth's own plugin (which loads the session with the access token):
 * when the short-lived access token has expired but a refresh token is kept, rotate
 * once so the server render and the first client requests see a signed-in user.
 */
export default defineNuxtPlugin({
  name: 'd24-auth-refresh',
  enforce: 'pre',
  async setup() {
    const { refresh, needsRefresh } = useAuthRefresh()
    if (needsRefresh()) await refresh()
  },
})
