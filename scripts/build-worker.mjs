#!/usr/bin/env node
// `npm run build:worker`: bundles the worker sidecar and the migration runner, with
// every dependency, into dist/worker.mjs and dist/migrate.mjs. The image runs them
// with plain `node`: no tsx, no node_modules (the web server is bundled by Nitro the
// same way). Packages that stay outside the bundle are optional ones nobody installs.
import { build } from 'esbuild'
import { copyFile } from 'node:fs/promises'
import { isBuiltin } from 'node:module'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')

export const ENTRIES = { worker: 'server/workers/main.ts', migrate: 'scripts/db-migrate.ts' }

/**
 * Optional peers of our dependencies, loaded only when installed: pg's native driver,
 * BullMQ's Valkey GLIDE client, and node-fetch 2's `encoding` (only for textConverted(),
 * which pusher never calls; pusher comes with the auth domain's listeners).
 */
export const OPTIONAL_EXTERNALS = ['pg-native', '@valkey/valkey-glide', 'encoding']

/** Builds into `outdir`; returns the non-builtin imports left outside the bundle. */
export async function buildBundles(outdir = path.join(ROOT, 'dist')) {
  const result = await build({
    absWorkingDir: ROOT,
    entryPoints: Object.fromEntries(Object.entries(ENTRIES).map(([k, v]) => [k, path.join(ROOT, v)])),
    outdir,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    sourcemap: true,
    metafile: true,
    logLevel: 'warning',
    external: OPTIONAL_EXTERNALS,
    // CommonJS dependencies call require() for Node's built-ins; an ES module has none.
    banner: { js: "import { createRequire as __d24Require } from 'node:module'; const require = __d24Require(import.meta.url);" },
  })
  // dictionary-ru reads its .aff/.dic beside its own module (new URL(…, import.meta.url)),
  // which in the bundle is beside worker.mjs: ship them there, or the worker's first Russian
  // analysis (a scheduled publish) fails.
  for (const f of ['index.aff', 'index.dic']) await copyFile(path.join(ROOT, 'node_modules/dictionary-ru', f), path.join(outdir, f))
  const externals = new Set()
  for (const out of Object.values(result.metafile.outputs)) {
    for (const i of out.imports) if (i.external && !i.path.startsWith('node:') && !isBuiltin(i.path)) externals.add(i.path)
  }
  return { outdir, externals: [...externals].sort() }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({ options: { outdir: { type: 'string' }, json: { type: 'boolean' } } })
  const { outdir, externals } = await buildBundles(values.outdir ? path.resolve(values.outdir) : undefined)
  if (values.json) process.stdout.write(JSON.stringify({ outdir, externals }) + '\n')
  else process.stdout.write(`built ${Object.keys(ENTRIES).map((k) => path.relative(ROOT, path.join(outdir, `${k}.mjs`))).join(', ')}` +
    (externals.length ? ` (optional, not bundled: ${externals.join(', ')})` : '') + '\n')
}
