import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto'
import { useConfig } from './config'
import { AppError } from './errors'

/**
 * Secrets that must travel through the event outbox and Redis to the worker (a
 * verification link, an invitation token) go sealed: AES-256-GCM under a key derived
 * from AUTH_SECRET, so a leaked outbox row, Redis dump or dead-job page shows nothing
 * that opens an account. Format: `v1.<iv>.<tag>.<ciphertext>` (base64url).
 */
const INFO = 'dogovor24/outbox-seal/v1'
let cached: { secret: string; key: Buffer } | undefined

function key(): Buffer {
  const secret = useConfig().AUTH_SECRET
  if (cached?.secret !== secret) cached = { secret, key: Buffer.from(hkdfSync('sha256', secret, '', INFO, 32)) }
  return cached.key
}

export function seal(plain: string): string {
  const iv = randomBytes(12)
  const cipher = createCipheriv('aes-256-gcm', key(), iv)
  const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()])
  return ['v1', iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), body.toString('base64url')].join('.')
}

/** Throws INTERNAL for a value not sealed with this AUTH_SECRET (retrying will not help). */
export function unseal(sealed: string): string {
  const [v, iv, tag, body] = sealed.split('.')
  if (v !== 'v1' || !iv || !tag || body === undefined) throw new AppError('INTERNAL', 'Not a sealed value.')
  try {
    const decipher = createDecipheriv('aes-256-gcm', key(), Buffer.from(iv, 'base64url'))
    decipher.setAuthTag(Buffer.from(tag, 'base64url'))
    return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8')
  } catch (e) {
    throw new AppError('INTERNAL', 'A sealed value does not open with this AUTH_SECRET.', { cause: e })
  }
}
