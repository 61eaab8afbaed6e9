import { useDb } from './db'

/** Cross-cutting database probes (not table access: domains own their tables). */
export const sql = {
  async ping(timeoutMs = 2000): Promise<boolean> {
    try {
      await Promise.race([
        useDb().$queryRawUnsafe('SELECT 1'),
        new Promise((_, reject) => setTimeout(() => reject(new Error('db ping timeout')), timeoutMs).unref()),
      ])
      return true
    } catch {
      return false
    }
  },
}
