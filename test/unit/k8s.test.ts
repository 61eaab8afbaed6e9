import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { parseAllDocuments } from 'yaml'
import { describe, expect, it } from 'vitest'
import { ZConfigSchema } from '../../server/lib/config'

const DIR = path.resolve(import.meta.dirname, '../../deploy/k8s')
type TDoc = Record<string, any>

function load(): TDoc[] {
  const docs: TDoc[] = []
  for (const f of readdirSync(DIR).filter((n) => n.endsWith('.yaml'))) {
    for (const d of parseAllDocuments(readFileSync(path.join(DIR, f), 'utf8'))) {
      expect(d.errors, f).toEqual([])
      const js = d.toJS() as TDoc | null
      if (js) docs.push({ ...js, __file: f })
    }
  }
  return docs
}

const docs = load()
const deployments = docs.filter((d) => d.kind === 'Deployment')
const configKeys = new Set(Object.keys(ZConfigSchema.shape))
// Values that would be a leak if they were written in a manifest.
const SECRET_NAMES = ['DATABASE_URL', 'REDIS_URL', 'S3_ACCESS_KEY', 'S3_SECRET_KEY', 'AUTH_SECRET', 'PUSHER_SECRET', 'SMTP_URL', 'SENTRY_DSN']

describe('deploy/k8s manifests', () => {
  it('every document has apiVersion, kind, metadata.name and the namespace', () => {
    for (const d of docs) {
      if (d.kind === 'Kustomization') continue
      expect(d.apiVersion, d.__file).toMatch(/^[a-z.\/0-9]+$/i)
      expect(d.metadata?.name, d.__file).toMatch(/^[a-z0-9-]+$/)
      if (d.kind !== 'Namespace') expect(d.metadata.namespace, `${d.kind}/${d.metadata.name}`).toBe('dogovor24')
    }
  })

  it('has web and worker Deployments with several replicas and selectors matching their pods', () => {
    expect(deployments.map((d) => d.metadata.name).sort()).toEqual(['web', 'worker'])
    for (const d of deployments) {
      expect(d.spec.replicas).toBeGreaterThanOrEqual(2)
      const labels = d.spec.template.metadata.labels
      for (const [k, v] of Object.entries(d.spec.selector.matchLabels)) expect(labels[k]).toBe(v)
    }
  })

  it('probes both tiers on /ping through a declared container port', () => {
    for (const d of deployments) {
      for (const c of d.spec.template.spec.containers) {
        const ports = new Set(c.ports.map((p: TDoc) => p.name))
        for (const probe of ['readinessProbe', 'livenessProbe']) {
          expect(c[probe]?.httpGet?.path, `${d.metadata.name} ${probe}`).toMatch(/^\/ping(\?|$)/)
          expect(ports.has(c[probe].httpGet.port), `${d.metadata.name} ${probe} port`).toBe(true)
        }
        expect(c.resources?.limits?.memory).toBeDefined()
      }
    }
  })

  it('takes secrets only from a Secret, never as literal values', () => {
    for (const d of deployments) {
      for (const c of d.spec.template.spec.containers) {
        for (const e of c.env ?? []) {
          if (SECRET_NAMES.includes(e.name)) {
            expect(e.value, `${d.metadata.name} ${e.name}`).toBeUndefined()
            expect(e.valueFrom?.secretKeyRef?.name).toBe('dogovor24-secrets')
          }
        }
      }
    }
    const cm = docs.find((d) => d.kind === 'ConfigMap')!
    for (const name of SECRET_NAMES) expect(cm.data[name], name).toBeUndefined()
  })

  it('only sets variables the runtime config knows', () => {
    const cm = docs.find((d) => d.kind === 'ConfigMap')!
    const names = [
      ...Object.keys(cm.data),
      ...deployments.flatMap((d) => d.spec.template.spec.containers.flatMap((c: TDoc) => (c.env ?? []).map((e: TDoc) => e.name))),
    ]
    for (const n of names) expect(configKeys.has(n), n).toBe(true)
  })

  it('the kustomization lists every manifest file', () => {
    const k = docs.find((d) => d.kind === 'Kustomization')!
    const files = readdirSync(DIR).filter((n) => n.endsWith('.yaml') && n !== 'kustomization.yaml').sort()
    expect([...k.resources].sort()).toEqual(files)
  })
})
