// Prisma 6.19 config for its offline JS schema engine (see package.json description).
// scripts/lib/prisma6.ts passes a temporary copy of prisma/schema in P6_SCHEMA.
import { defineConfig } from 'prisma/config'
import { PrismaPg } from '@prisma/adapter-pg'

const url = process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/dogovor24'
export default defineConfig({
  experimental: { adapter: true },
  engine: 'js',
  schema: process.env.P6_SCHEMA!,
  async adapter() {
    return new PrismaPg({ connectionString: url })
  },
})
