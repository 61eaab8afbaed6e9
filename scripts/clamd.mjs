#!/usr/bin/env node
// `node scripts/clamd.mjs`: starts the project's local clamd (what `npm test` and `npm run up`
// do) and prints where it answers; it keeps running. `--stop` stops the one this user's
// runtime directory holds (the next start reloads the database, e.g. after freshclam).
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { clamdRuntimeDir, ensureClamd } from './lib/clamd.mjs'

if (process.argv.includes('--stop')) {
  const pidFile = path.join(clamdRuntimeDir(), 'clamd.pid')
  let pid
  try {
    pid = Number(readFileSync(pidFile, 'utf8').trim())
    process.kill(pid, 'SIGTERM')
    console.log(`stopped clamd ${pid}`)
  } catch (e) {
    console.log(`no clamd to stop (${pidFile}: ${e.code ?? e.message})`)
  }
} else {
  const clamd = await ensureClamd()
  console.log(`clamd ${clamd.started ? 'started' : 'already running'}: ${clamd.url} (CLAMD_URL), unix://${clamd.socket}; files in ${clamd.dir}${clamd.pid ? `; pid ${clamd.pid}` : ''}`)
}
