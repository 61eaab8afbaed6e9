import { readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { prismaWasmFile } from '../../scripts/lib/prisma-wasm-file'
import { ROOT } from '../helpers/server'

/**
 * The build swaps the generated client's base64 module of the query compiler for a .wasm
 * file (scripts/lib/prisma-wasm-file.ts). These checks fail when a Prisma upgrade moves
 * the import or the file layout the swap depends on.
 */
type THook = { handler: (id: string) => string | null }
type TAsset = { fileName: string; source: Uint8Array<ArrayBuffer> }
const plugin = prismaWasmFile() as unknown as { resolveId: THook; load: (this: unknown, id: string) => string | null }

function compilerImport(): string {
  const generated = readFileSync(path.join(ROOT, 'server/generated/prisma/internal/class.ts'), 'utf8')
  const found = /import\("(@prisma\/client\/runtime\/query_compiler_\w+_bg\.\w+\.wasm-base64\.mjs)"\)/.exec(generated)?.[1]
  expect(found, 'the generated client imports the base64 module of the query compiler').toBeDefined()
  return found!
}

describe('prisma-wasm-file build plugin', () => {
  it('takes over the import the generated client makes, and nothing else', () => {
    expect(plugin.resolveId.handler(compilerImport())).toMatch(/^\0/)
    expect(plugin.resolveId.handler('@prisma/client/runtime/client.mjs')).toBeNull()
  })

  it('emits the compiler as a wasm file and a module whose `wasm` gives its bytes to Buffer.from(wasm, "base64")', async () => {
    const emitted: TAsset[] = []
    const code = plugin.load.call({ emitFile: (f: TAsset) => (emitted.push(f), 'ref') }, plugin.resolveId.handler(compilerImport())!)!
    expect(emitted).toHaveLength(1)
    expect(WebAssembly.validate(emitted[0]!.source)).toBe(true)
    expect(code).toContain(`'./${emitted[0]!.fileName}'`.replace(/'/g, '"'))
    // What the generated client does with it (decodeBase64AsWasm), against the bytes the module would read.
    const wasm = { valueOf: () => Buffer.from(emitted[0]!.source) }
    expect(Buffer.from(wasm as unknown as string, 'base64').equals(Buffer.from(emitted[0]!.source))).toBe(true)
  })
})
