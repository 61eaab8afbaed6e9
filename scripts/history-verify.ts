import { verifyChain } from '../server/domains/history'
import { closeDb } from '../server/lib/db'

/**
 * `npm run history:verify [-- --scopes]`: recomputes every scope's hash chain against
 * DATABASE_URL and checks it against the signed checkpoints (HISTORY_CHECKPOINT_SECRET).
 * Prints one line per broken scope (and with --scopes, one per scope). Exit code 0
 * when intact, 1 when broken (for cron and CI), 2 on error.
 */
const listScopes = process.argv.includes('--scopes')
try {
  const report = await verifyChain(undefined, {
    onScope: listScopes ? (s) => console.log(`  ${s.ok ? 'ok    ' : 'BROKEN'} ${s.scope}: ${s.entries} entries, head ${s.head.slice(0, 16)}`) : undefined,
  })
  const cp = report.lastCheckpointAt ? `${report.checkpoints} signed checkpoints, the newest at ${report.lastCheckpointAt}` : 'no signed checkpoint yet'
  if (report.ok) {
    console.log(`history:verify: chain intact (${report.checked} entries in ${report.scopes} scopes checked; ${cp})`)
  } else {
    for (const p of report.problems) {
      console.error(`history:verify: scope ${p.scope} BROKEN: ${p.reason}${p.seq ? ` at seq ${p.seq}` : ''}${p.id ? ` (entry ${p.id})` : ''}`)
    }
    console.error(`history:verify: chain BROKEN at entry ${report.brokenAt} (${report.reason}); ${report.problems.length} problem(s), ${report.checked} entries in ${report.scopes} scopes verified; ${cp}`)
    process.exitCode = 1
  }
} catch (e) {
  console.error(`history:verify: ${(e as Error).message}`)
  process.exitCode = 2
} finally {
  await closeDb()
}
