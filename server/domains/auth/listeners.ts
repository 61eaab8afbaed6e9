import { defineListeners } from '../../events'
import { unseal } from '../../lib/seal'
import { issueResetLink } from './forgot-password'

export const listeners = defineListeners('auth', {
  PasswordResetRequested: (p, meta) => issueResetLink(meta.tx, { email: p.email, token: unseal(p.token) }),
})
