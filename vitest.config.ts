import { defineConfig } from 'vitest/config'

// Projects: unit (no services), integration (real PostgreSQL/Redis/S3/SMTP fakes),
// e2e (the built server + Debian's Chromium). scripts/test.mjs prepares the services
// and the build, then runs all three.
export default defineConfig({
  test: {
    projects: [
      { test: { name: 'unit', include: ['test/unit/**/*.test.ts'], environment: 'node' } },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 120_000,
          globalSetup: ['test/helpers/global-setup.ts'],
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.spec.ts'],
          environment: 'node',
          testTimeout: 120_000,
          hookTimeout: 180_000,
          fileParallelism: false,
          globalSetup: ['test/helpers/global-setup.ts'],
        },
      },
    ],
  },
})
