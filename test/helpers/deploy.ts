import { spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { parseAllDocuments } from 'yaml'

/**
 * Reads what deploy/ and the Dockerfile declare, for the tests that check they fit
 * together. Overlays are rendered by `kubectl kustomize` (kustomize built into
 * kubectl), exactly what `kubectl apply -k` would send to the cluster.
 */
export const ROOT = path.resolve(import.meta.dirname, '../..')
export const K8S = path.join(ROOT, 'deploy/k8s')
export const REGIONS = ['kz', 'ru'] as const
export type TRegion = (typeof REGIONS)[number]
export type TDoc = Record<string, any>

export function parseYamlDocs(text: string, where: string): TDoc[] {
  const out: TDoc[] = []
  for (const d of parseAllDocuments(text)) {
    if (d.errors.length) throw new Error(`${where}: ${d.errors.map((e) => e.message).join('; ')}`)
    const js = d.toJS() as TDoc | null
    if (js) out.push(js)
  }
  return out
}

export function renderOverlay(region: TRegion): TDoc[] {
  const dir = path.join(K8S, 'overlays', region)
  const r = spawnSync('kubectl', ['kustomize', dir], { encoding: 'utf8', timeout: 30_000 })
  if (r.error) throw new Error(`kubectl is needed to render ${dir} (apt-get install kubectl, or any kubectl ≥ 1.27): ${r.error.message}`)
  if (r.status !== 0) throw new Error(`kubectl kustomize ${dir} failed:\n${r.stderr}`)
  return parseYamlDocs(r.stdout, dir)
}

/** A ConfigMap from a kustomize generator carries a content hash: `name-<hash>`. */
export function find(docs: TDoc[], kind: string, name: string): TDoc {
  const generated = new RegExp(`^${name}-[a-z0-9]{10}$`)
  const d = docs.find((x) => x.kind === kind && (x.metadata?.name === name || (kind === 'ConfigMap' && generated.test(x.metadata?.name))))
  if (!d) throw new Error(`no ${kind}/${name} among ${docs.map((x) => `${x.kind}/${x.metadata?.name}`).join(', ')}`)
  return d
}

/** Every container of a workload, init containers included. */
export function containersOf(d: TDoc): TDoc[] {
  const spec = d.kind === 'CronJob' ? d.spec.jobTemplate.spec.template.spec : d.spec.template.spec
  return [...(spec.initContainers ?? []), ...spec.containers]
}

export interface TDockerStage {
  name: string
  from: string
  lines: string[]
}

/** Dockerfile instructions per stage (continuation lines joined, comments dropped). */
export function parseDockerfile(file = path.join(ROOT, 'Dockerfile')): { args: string[]; stages: TDockerStage[] } {
  const joined = readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => !/^\s*#/.test(l))
    .join('\n')
    .replace(/\\\n/g, ' ')
  const args: string[] = []
  const stages: TDockerStage[] = []
  for (const raw of joined.split('\n')) {
    const line = raw.trim().replace(/\s+/g, ' ')
    if (!line) continue
    const from = /^FROM (\S+)(?: AS (\S+))?$/i.exec(line)
    if (from) {
      stages.push({ name: from[2] ?? String(stages.length), from: from[1]!, lines: [] })
      continue
    }
    if (stages.length === 0) args.push(line)
    else stages.at(-1)!.lines.push(line)
  }
  return { args, stages }
}
