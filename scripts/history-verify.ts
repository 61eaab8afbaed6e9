import { verifyChain } from '../server/domains/history'
import { closeDb } from '../server/lib/db'

/**
 * `npm run history:verify`: recomputes the audit log's hash chain against
 * DATABASE_URL. Exit code 0 when intact, 1 when broken (for cron and CI), 2 on error.
 */
try {
  const report = await verifyChain()
  if (report.ok) {
    console.log(`history:verify: chain intact (${report.checked} entries checked)`)
  } else {
    console.error(`history:verify: chain BROKEN at entry ${report.brokenAt} (${report.reason}); ${report.checked} entries before it are intact`)
    process.exitCode = 1
  }
} catch (e) {
  console.error(`history:verify: ${(e as Error).message}`)
  process.exitCode = 2
} finally {
  await closeDb()
}
