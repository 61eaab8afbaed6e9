import { readdirSync, statSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { createApp, createRouter, toNodeListener, type EventHandler, type RouterMethod } from 'h3'

/**
 * Mounts route files from server/api on a plain h3 app over node:http, the way
 * Nitro's file router would (`[id]` → `:id`, `index` → folder, `.post.ts` → POST),
 * so integration tests call the real handlers without building Nuxt.
 */
const ROOT = path.resolve(import.meta.dirname, '../..')
const API = path.join(ROOT, 'server/api')
const METHODS = new Set(['get', 'post', 'put', 'patch', 'delete'])

export interface TRouteFile {
  file: string
  route: string
  method: RouterMethod
}

export function routeFiles(dirUnderApi: string): TRouteFile[] {
  const out: TRouteFile[] = []
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const full = path.join(dir, name)
      if (statSync(full).isDirectory()) walk(full)
      else if (name.endsWith('.ts')) {
        const parts = name.slice(0, -3).split('.')
        const method = parts.length > 1 && METHODS.has(parts.at(-1)!) ? (parts.pop() as RouterMethod) : undefined
        if (!method) continue // method-less files (catch-alls) are not mounted
        const rel = path.relative(API, path.join(dir, parts.join('.')))
        const route = ('/api/' + rel.split(path.sep).join('/'))
          .replace(/\/index$/, '')
          .replace(/\[\.\.\.(\w*)\]/g, (_m, n) => (n ? `**:${n}` : '**'))
          .replace(/\[(\w+)\]/g, ':$1')
        out.push({ file: full, route, method })
      }
    }
  }
  walk(path.join(API, dirUnderApi))
  return out
}

export async function createApiApp(dirsUnderApi: string[]) {
  const app = createApp()
  const router = createRouter()
  const mounted: TRouteFile[] = []
  for (const dir of dirsUnderApi) {
    for (const r of routeFiles(dir)) {
      const mod = (await import(pathToFileURL(r.file).href)) as { default: EventHandler }
      router.add(r.route, mod.default, r.method)
      mounted.push(r)
    }
  }
  app.use(router)
  return { app, mounted }
}

export interface TRunningApp {
  url: string
  server: Server
  close: () => Promise<void>
}

export async function listenApiApp(dirsUnderApi: string[]): Promise<TRunningApp> {
  const { app } = await createApiApp(dirsUnderApi)
  const server = createServer(toNodeListener(app))
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    server,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}
