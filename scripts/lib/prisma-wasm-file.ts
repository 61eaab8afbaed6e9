/**
 * Build plugin (nitro's rollup): ships Prisma's query compiler as a .wasm file next to
 * the server chunks instead of the JS module that holds it as a base64 string.
 *
 * Why: the generated client (server/generated/prisma/internal/class.ts) imports
 * `@prisma/client/runtime/query_compiler_<build>_bg.<provider>.wasm-base64.mjs`, whose
 * only export is a 4.4 MB string. A loaded ES module is never freed, so the web process
 * kept that module's source text and the string literal in it: 8.7 MB of V8 heap, about
 * a seventh of what it retains (heap snapshot, docs/architecture.md "Web process memory").
 * In its place the bundle gets a module whose `wasm` reads the file when asked: the
 * generated code passes it to `Buffer.from(wasm, 'base64')`, which for an object calls
 * its valueOf() and copies the bytes it returns (the encoding only applies to strings);
 * the bytes are garbage once WebAssembly.Module has compiled them.
 */
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import type { Plugin } from 'rollup'

const SPECIFIER = /^@prisma\/client\/runtime\/(query_compiler_\w+_bg\.\w+)\.wasm-base64\.mjs$/
const VIRTUAL = '\0prisma-query-compiler-wasm:'

export function prismaWasmFile(): Plugin {
  const require = createRequire(import.meta.url)
  return {
    name: 'd24-prisma-wasm-file',
    resolveId: {
      // Before nitro's externals plugin marks the node_modules import external.
      order: 'pre',
      handler(id) {
        return SPECIFIER.test(id) ? VIRTUAL + id : null
      },
    },
    load(id) {
      if (!id.startsWith(VIRTUAL)) return null
      const specifier = id.slice(VIRTUAL.length)
      const source = readFileSync(require.resolve(specifier), 'utf8')
      // (indexOf, not a regular expression: one over 4.4 MB overflows the stack)
      const start = source.indexOf('const wasm = "') + 'const wasm = "'.length
      const end = source.indexOf('"', start)
      const base64 = start >= 'const wasm = "'.length && end > start ? source.slice(start, end) : ''
      // A changed file layout must fail the build, not the first query in production.
      if (!/^[A-Za-z0-9+/]+={0,2}$/.test(base64.slice(-1000))) throw new Error(`prisma-wasm-file: no \`const wasm = "<base64>"\` in ${specifier}`)
      const bytes = Buffer.from(base64, 'base64')
      if (bytes.subarray(0, 4).toString('latin1') !== '\0asm') throw new Error(`prisma-wasm-file: ${specifier} does not hold a wasm module`)
      const fileName = `wasm/${SPECIFIER.exec(specifier)![1]}.wasm`
      this.emitFile({ type: 'asset', fileName, source: bytes })
      // Nitro gives all bundled code the entry's import.meta.url (server/index.mjs), and
      // assets are emitted relative to that same folder; rollup's ROLLUP_FILE_URL would
      // resolve from the chunk's own folder and miss.
      return [
        `import { readFileSync } from 'node:fs'`,
        `const url = new URL(${JSON.stringify('./' + fileName)}, import.meta.url)`,
        `export const wasm = { valueOf: () => readFileSync(url) }`,
      ].join('\n')
    },
  }
}
