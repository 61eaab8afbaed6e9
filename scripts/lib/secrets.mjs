// Secrets for a local production run (`npm run up`): a machine with none set gets its
// own, made once per checkout and kept in .data/ (gitignored), so sessions and
// realtime signatures survive a restart and no public default is ever used.
import { randomBytes } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'

const LOCAL_SECRETS = [
  { name: 'AUTH_SECRET', file: 'auth-secret', bytes: 32 },
  { name: 'PUSHER_SECRET', file: 'pusher-secret', bytes: 24 },
  { name: 'HISTORY_CHECKPOINT_SECRET', file: 'history-checkpoint-secret', bytes: 32 },
  { name: 'CONVERTER_TOKEN', file: 'converter-token', bytes: 24 },
]

function readOrMake(file, bytes) {
  if (!existsSync(file)) {
    mkdirSync(path.dirname(file), { recursive: true })
    writeFileSync(file, randomBytes(bytes).toString('hex'), { mode: 0o600, flag: 'wx' })
  }
  return readFileSync(file, 'utf8').trim()
}

/** `env` with each secret it lacks read from (or first written to) `dir`. */
export function withLocalSecrets(env, dir) {
  const out = { ...env }
  for (const s of LOCAL_SECRETS) if (!out[s.name]) out[s.name] = readOrMake(path.join(dir, s.file), s.bytes)
  return out
}
