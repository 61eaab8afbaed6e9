import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { ZConfigSchema } from '../../server/lib/config'
import { MALLOC_ENV } from '../../scripts/lib/web-v8-flags'
import { containersOf, find, parseDockerfile, REGIONS, renderOverlay, ROOT, type TDoc } from '../helpers/deploy'

/**
 * The Dockerfile builds one image for web, worker and migrations; the manifests run
 * what it produces. These checks read both, so neither can drift from the other.
 */
const { args, stages } = parseDockerfile()
const byName = new Map(stages.map((s) => [s.name, s]))
const runtime = stages.at(-1)!
const builder = byName.get('builder')!
const IMAGE_NAME = (JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { config?: { image?: string } }).config?.image

/** Paths the runtime stage copies in, relative to its WORKDIR. */
function runtimeFiles(): { workdir: string; copied: string[] } {
  const workdir = runtime.lines.find((l) => l.startsWith('WORKDIR '))!.split(' ')[1]!
  const copied = runtime.lines
    .filter((l) => l.startsWith('COPY '))
    .map((l) => l.split(' ').filter((w) => !w.startsWith('--')).at(-1)!)
    .map((dest) => path.posix.relative(workdir, path.posix.resolve(workdir, dest)))
  return { workdir, copied }
}

describe('Dockerfile', () => {
  it('is multi-stage: dependencies, builder, runtime last', () => {
    expect(stages.map((s) => s.name)).toEqual(expect.arrayContaining(['deps', 'builder', 'runtime']))
    expect(runtime.name).toBe('runtime')
    expect(builder.from).toMatch(/^(deps|node:)/)
    expect(runtime.from).toMatch(/^node:\d+(\.\d+)*-\S*slim$/)
  })

  it('runtime runs as a numeric non-root user (runAsNonRoot can only verify a number)', () => {
    const users = runtime.lines.filter((l) => l.startsWith('USER '))
    expect(users.length).toBeGreaterThan(0)
    const uid = users.at(-1)!.split(' ')[1]!.split(':')[0]!
    expect(uid).toMatch(/^\d+$/)
    expect(Number(uid)).toBeGreaterThan(0)
  })

  it('builds the web server for both regions and bundles worker and migrations', () => {
    const runs = builder.lines.filter((l) => l.startsWith('RUN ')).join('\n')
    for (const r of REGIONS) expect(runs, `nuxt build for ${r}`).toMatch(new RegExp(`REGION=${r}\\b[^\\n]*D24_OUTPUT_DIR=\\S*web/${r}|D24_OUTPUT_DIR=\\S*web/${r}[^\\n]*REGION=${r}\\b`))
    expect(runs).toMatch(/npm run build:worker/)
  })

  it('runtime carries no node_modules and no dev tools: the worker and migrations are bundled', () => {
    const all = runtime.lines.join('\n')
    expect(all).not.toMatch(/npm (ci|install)/)
    expect(all).not.toMatch(/node_modules/)
    expect(all).not.toMatch(/\btsx\b/)
    const { copied } = runtimeFiles()
    for (const want of ['web', 'dist', 'prisma/migrations']) expect(copied, want).toContain(want)
  })

  it('runtime sets the malloc settings bench:memory measured with (scripts/lib/web-v8-flags.ts)', () => {
    const env = runtime.lines
      .filter((l) => l.startsWith('ENV '))
      .flatMap((l) => l.slice(4).split(' '))
      .map((kv) => kv.split('='))
    for (const [name, value] of Object.entries(MALLOC_ENV)) expect(env, name).toContainEqual([name, value])
  })

  it('keeps a slot for LibreOffice and ClamAV as build arguments, off by default', () => {
    const all = [...args, ...runtime.lines].join('\n')
    expect(all).toMatch(/ARG WITH_LIBREOFFICE=false/)
    expect(all).toMatch(/ARG WITH_CLAMAV=false/)
    expect(runtime.lines.join('\n')).toMatch(/WITH_LIBREOFFICE.*libreoffice/)
    expect(runtime.lines.join('\n')).toMatch(/WITH_CLAMAV.*clamav-daemon/)
  })

  it('a .dockerignore keeps local state and secrets out of the build context', () => {
    const ignore = readFileSync(path.join(ROOT, '.dockerignore'), 'utf8').split('\n').map((l) => l.trim())
    for (const p of ['node_modules', '.output*', '.nuxt*', '.env', '.git', '.data', 'dist', 'server/generated']) expect(ignore, p).toContain(p)
  })
})

describe.each(REGIONS)('the %s manifests run what the image holds', (region) => {
  const docs = renderOverlay(region)
  const { workdir, copied } = runtimeFiles()
  const exposed = runtime.lines.filter((l) => l.startsWith('EXPOSE ')).flatMap((l) => l.split(' ').slice(1)).map(Number)
  const uid = Number(runtime.lines.filter((l) => l.startsWith('USER ')).at(-1)!.split(' ')[1]!.split(':')[0])
  const app = [find(docs, 'Deployment', 'web'), find(docs, 'Deployment', 'worker'), find(docs, 'Job', 'migrate')]
  const cm = find(docs, 'ConfigMap', 'dogovor24-config').data as Record<string, string>

  it('image: the name `npm run image` tags, pinned to a tag', () => {
    expect(IMAGE_NAME).toMatch(/^[a-z0-9-]+\/[a-z0-9-]+$/)
    for (const w of app) {
      for (const c of containersOf(w)) {
        const [repo, tag] = c.image.split(/:(?=[^/]+$)/)
        expect(repo.endsWith(`/${IMAGE_NAME}`) || repo === IMAGE_NAME, `${w.metadata.name}/${c.name}: ${c.image}`).toBe(true)
        expect(tag, 'a tag').toBeTruthy()
      }
    }
  })

  it('commands: node runs files the runtime stage copies, from its WORKDIR', () => {
    for (const w of app) {
      for (const c of containersOf(w)) {
        expect(c.command[0], `${w.metadata.name}/${c.name}`).toBe('node')
        expect(c.workingDir ?? workdir).toBe(workdir)
        const file = c.command.find((a: string) => a.endsWith('.mjs'))
        expect(copied.some((dir) => file.startsWith(dir + '/')), `${file} is copied into the image`).toBe(true)
      }
    }
    const worker = find(docs, 'Deployment', 'worker').spec.template.spec.containers[0]
    expect(worker.command).toContain('dist/worker.mjs')
  })

  it('the built web output and the bundle names match what the build scripts write', () => {
    const bundle = readFileSync(path.join(ROOT, 'scripts/build-worker.mjs'), 'utf8')
    expect(bundle).toMatch(/worker: ['"]server\/workers\/main\.ts['"]/)
    expect(bundle).toMatch(/migrate: ['"]scripts\/db-migrate\.ts['"]/)
    expect(existsSync(path.join(ROOT, 'server/workers/main.ts'))).toBe(true)
  })

  it('ports: what the containers declare is exposed and configured', () => {
    const web = find(docs, 'Deployment', 'web').spec.template.spec.containers[0]
    const worker = find(docs, 'Deployment', 'worker').spec.template.spec.containers[0]
    const webPort = web.ports.find((p: TDoc) => p.name === 'http').containerPort
    const healthPort = worker.ports.find((p: TDoc) => p.name === 'health').containerPort
    expect(String(webPort)).toBe(cm.PORT)
    expect(worker.env.find((e: TDoc) => e.name === 'WORKER_HEALTH_PORT').value).toBe(String(healthPort))
    expect(exposed).toEqual(expect.arrayContaining([webPort, healthPort]))
    const svc = find(docs, 'Service', 'web')
    expect(svc.spec.ports[0].targetPort).toBe('http')
  })

  it('user: the pods run as the image user', () => {
    for (const w of app) expect(w.spec.template.spec.securityContext.runAsUser).toBe(uid)
  })

  it('env: the ConfigMap sets only what the runtime config reads, with values it accepts', () => {
    const parsed = ZConfigSchema.safeParse({ ...cm, AUTH_SECRET: 'x'.repeat(40) })
    expect(parsed.success ? [] : parsed.error.issues).toEqual([])
  })
})
