import { useConfig } from '../server/lib/config'
import { ensureDatabase, migrate } from './lib/migrate'

const { DATABASE_URL } = useConfig()
await ensureDatabase(DATABASE_URL)
const { applied } = await migrate(DATABASE_URL, { log: (l) => console.log(l) })
console.log(applied.length ? `db:migrate: ${applied.length} migration(s) applied` : 'db:migrate: up to date')
