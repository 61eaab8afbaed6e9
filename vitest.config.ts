import { defineConfig } from 'vitest/config'

// Projects: unit (no services), integration (real PostgreSQL/Redis/S3/SMTP fakes),
// e2e (the built server + Debian's Chromium). scripts/test.mjs prepares the services
// and the build, then runs all three.
export default defineConfig({
  test: {
    // Two files at a time whatever the core count (Vitest's default is cores - 1: one file at a
    // time on the 2-core CI machine). Most of an e2e or integration file's time is spent waiting
    // on its own server, browser, PostgreSQL or Redis, so two overlap well; every file has its own
    // database, Redis prefix, port and browser, and its waits are for readiness, not for time.
    maxWorkers: 2,
    projects: [
      // Shares its workers' modules as integration does (below): a fresh module graph per file was most of its time.
      { test: { name: 'unit', include: ['test/unit/**/*.test.ts'], environment: 'node', isolate: false, setupFiles: ['test/helpers/file-state.ts'] } },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          environment: 'node',
          // The files of a worker share its modules: each imported the server's domains anew,
          // half of this project's CPU. test/helpers/file-state.ts gives each file the same
          // starting state and closes what it left open.
          isolate: false,
          setupFiles: ['test/helpers/file-state.ts'],
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
          globalSetup: ['test/helpers/global-setup.ts'],
        },
      },
    ],
  },
})
