import { copyFileSync, existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'

/**
 * Nitro's file tracing (@vercel/nft) does not follow the `module-sync` export condition, which
 * Node ≥ 20.19 picks first: packages like async-function (exceljs → … → get-intrinsic) are
 * copied without the file that condition names, and requiring them fails at run time
 * (nitrojs/nitro#4468). For every traced package whose `module-sync` target is missing, the
 * file is copied from the same package in the project's node_modules, when its version matches.
 * Answers what it copied.
 */
export function copyModuleSyncFiles(outputNodeModules: string, projectNodeModules: string): string[] {
  const copied: string[] = []
  const packages = (dir: string): string[] =>
    existsSync(dir)
      ? readdirSync(dir).flatMap((n) => (n.startsWith('@') ? readdirSync(join(dir, n)).map((m) => join(n, m)) : n.startsWith('.') ? [] : [n]))
      : []
  for (const name of packages(outputNodeModules)) {
    const pkgFile = join(outputNodeModules, name, 'package.json')
    if (!existsSync(pkgFile)) continue
    const pkg = JSON.parse(readFileSync(pkgFile, 'utf8')) as { version?: string; exports?: unknown }
    for (const target of moduleSyncTargets(pkg.exports)) {
      const to = join(outputNodeModules, name, target)
      if (existsSync(to)) continue
      const from = join(projectNodeModules, name, target)
      const sourcePkg = join(projectNodeModules, name, 'package.json')
      if (!existsSync(from) || (JSON.parse(readFileSync(sourcePkg, 'utf8')) as { version?: string }).version !== pkg.version) continue
      copyFileSync(from, to)
      copied.push(join(name, target))
    }
  }
  return copied
}

function moduleSyncTargets(exports: unknown): string[] {
  const out: string[] = []
  const walk = (v: unknown) => {
    if (Array.isArray(v)) v.forEach(walk)
    else if (v && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) {
        if (k === 'module-sync' && typeof x === 'string') out.push(x)
        else walk(x)
      }
    }
  }
  walk(exports)
  return out
}
