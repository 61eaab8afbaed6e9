import { defineConfig } from 'prisma/config'

// The URL lives here (Prisma 7); the runtime client gets it from server/lib/config.ts.
export default defineConfig({
  schema: 'prisma/schema',
  migrations: { path: 'prisma/migrations', seed: 'tsx prisma/seed.ts' },
  datasource: { url: process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/dogovor24' },
})
