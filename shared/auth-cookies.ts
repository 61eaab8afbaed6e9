/**
 * The refresh token lives in an HttpOnly cookie page scripts cannot read; the
 * readable marker beside it only tells the page that there is one to rotate.
 * No zod here: every page's main script imports these, and zod would come with them.
 */
export const REFRESH_COOKIE = 'auth.refresh-token'
export const REFRESH_MARKER_COOKIE = 'auth.has-refresh'
export const REFRESH_MAX_AGE_SECONDS = 30 * 24 * 60 * 60
