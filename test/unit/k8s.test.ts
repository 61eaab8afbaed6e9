import { describe, expect, it } from 'vitest'
import { ZConfigSchema } from '../../server/lib/config'
import { WEB_V8_FLAGS } from '../../scripts/lib/web-v8-flags'
import { containersOf, find, REGIONS, renderOverlay, type TDoc } from '../helpers/deploy'

/**
 * deploy/k8s is one kustomize base and one overlay per region (kz, ru): two releases of
 * the same manifests. Each overlay is rendered as `kubectl apply -k` would send it.
 */
const configKeys = new Set(Object.keys(ZConfigSchema.shape))
// Values that would be a leak if they were written in a manifest.
const SECRET_NAMES = ['DATABASE_URL', 'REDIS_URL', 'S3_ACCESS_KEY', 'S3_SECRET_KEY', 'AUTH_SECRET', 'PUSHER_SECRET', 'HISTORY_CHECKPOINT_SECRET', 'SMTP_URL', 'SENTRY_DSN', 'METRICS_TOKEN']
const APP_WORKLOADS = [
  ['Deployment', 'web'],
  ['Deployment', 'worker'],
  ['Job', 'migrate'],
] as const
const TLD = { kz: 'kz', ru: 'ru' } as const

describe.each(REGIONS)('deploy/k8s overlay %s', (region) => {
  const docs = renderOverlay(region)
  const ns = `dogovor24-${region}`
  const workloads = docs.filter((d) => ['Deployment', 'StatefulSet', 'Job'].includes(d.kind))
  const app = APP_WORKLOADS.map(([k, n]) => find(docs, k, n))
  const cm = find(docs, 'ConfigMap', 'dogovor24-config')

  it('puts everything in the region namespace', () => {
    expect(find(docs, 'Namespace', ns)).toBeDefined()
    for (const d of docs) {
      if (d.kind === 'Namespace') continue
      expect(d.metadata.namespace, `${d.kind}/${d.metadata.name}`).toBe(ns)
    }
  })

  it('configures the region, its address and its mail sender', () => {
    expect(cm.data.REGION).toBe(region)
    expect(cm.data.PUBLIC_URL).toBe(`https://dogovor24.${TLD[region]}`)
    expect(cm.data.MAIL_FROM).toContain(`dogovor24.${TLD[region]}`)
    expect(cm.data.NODE_ENV).toBe('production')
  })

  it('serves the region host over TLS issued by cert-manager', () => {
    const ing = find(docs, 'Ingress', 'web')
    const issuer = ing.metadata.annotations?.['cert-manager.io/cluster-issuer'] ?? ing.metadata.annotations?.['cert-manager.io/issuer']
    expect(issuer, 'cert-manager issuer annotation').toBeTruthy()
    const host = `dogovor24.${TLD[region]}`
    const tlsHosts = (ing.spec.tls ?? []).flatMap((t: TDoc) => t.hosts)
    expect(tlsHosts).toContain(host)
    for (const t of ing.spec.tls) expect(t.secretName).toMatch(/^[a-z0-9-]+$/)
    const ruleHosts = ing.spec.rules.map((r: TDoc) => r.host)
    expect(ruleHosts).toContain(host)
    // Every host the ingress answers for is covered by a certificate.
    for (const h of ruleHosts) expect(tlsHosts).toContain(h)
    expect(ing.metadata.annotations['nginx.ingress.kubernetes.io/ssl-redirect']).toBe('true')
  })

  it('runs the web server built for this region', () => {
    const web = find(docs, 'Deployment', 'web').spec.template.spec.containers[0]
    expect(web.command).toEqual(['node', ...WEB_V8_FLAGS, `web/${region}/server/index.mjs`])
  })

  it('runs migrations in a Job, and web and worker pods wait for them before starting', () => {
    const job = find(docs, 'Job', 'migrate')
    const c = job.spec.template.spec.containers[0]
    expect(c.command[0]).toBe('node')
    expect(c.command).toContain('dist/migrate.mjs')
    expect(c.command).not.toContain('--wait-seconds')
    expect(job.spec.template.spec.restartPolicy).toBe('Never')
    expect(job.spec.backoffLimit).toBeGreaterThanOrEqual(1)
    for (const name of ['web', 'worker']) {
      const inits = find(docs, 'Deployment', name).spec.template.spec.initContainers ?? []
      const wait = inits.find((i: TDoc) => i.command?.includes('dist/migrate.mjs'))
      expect(wait, `${name} waits for migrations`).toBeDefined()
      expect(wait.command).toContain('--wait-seconds')
      expect(wait.image).toBe(c.image)
    }
  })

  it('web and worker: replicas left to the autoscaler, selectors matching their pods, probes on /ping through a declared port', () => {
    for (const name of ['web', 'worker']) {
      const d = find(docs, 'Deployment', name)
      // A count here would reset the autoscaler's choice on every apply.
      expect(d.spec.replicas).toBeUndefined()
      const labels = d.spec.template.metadata.labels
      for (const [k, v] of Object.entries(d.spec.selector.matchLabels)) expect(labels[k]).toBe(v)
      const c = d.spec.template.spec.containers[0]
      const ports = new Set(c.ports.map((p: TDoc) => p.name))
      for (const probe of ['readinessProbe', 'livenessProbe']) {
        expect(c[probe]?.httpGet?.path, `${name} ${probe}`).toMatch(/^\/ping(\?|$)/)
        expect(ports.has(c[probe].httpGet.port), `${name} ${probe} port`).toBe(true)
      }
    }
  })

  it('web: preStop delay so endpoints are removed before the server stops, within the grace period', () => {
    const spec = find(docs, 'Deployment', 'web').spec.template.spec
    const pre = spec.containers[0].lifecycle?.preStop
    const seconds = pre?.sleep?.seconds ?? Number(pre?.exec?.command?.join(' ').match(/sleep (\d+)/)?.[1])
    expect(seconds).toBeGreaterThanOrEqual(5)
    // The server still needs time to finish in-flight requests after the delay.
    expect(spec.terminationGracePeriodSeconds).toBeGreaterThanOrEqual(seconds + 15)
  })

  it('every container has resource requests and limits', () => {
    for (const w of workloads) {
      for (const c of containersOf(w)) {
        for (const k of ['cpu', 'memory']) {
          expect(c.resources?.requests?.[k], `${w.metadata.name}/${c.name} requests.${k}`).toBeDefined()
        }
        expect(c.resources?.limits?.memory, `${w.metadata.name}/${c.name} limits.memory`).toBeDefined()
      }
    }
  })

  it('autoscales web and worker on CPU, never below two pods', () => {
    for (const name of ['web', 'worker']) {
      const hpa = find(docs, 'HorizontalPodAutoscaler', name)
      expect(hpa.apiVersion).toBe('autoscaling/v2')
      expect(hpa.spec.scaleTargetRef).toEqual({ apiVersion: 'apps/v1', kind: 'Deployment', name })
      expect(hpa.spec.minReplicas).toBeGreaterThanOrEqual(2)
      expect(hpa.spec.maxReplicas).toBeGreaterThan(hpa.spec.minReplicas)
      expect(hpa.spec.metrics.some((m: TDoc) => m.resource?.name === 'cpu')).toBe(true)
      const cpu = find(docs, 'Deployment', name).spec.template.spec.containers[0].resources.requests.cpu
      expect(cpu, 'CPU utilisation needs a CPU request').toBeDefined()
    }
  })

  it('Redis keeps every write: append-only file on a persistent volume, noeviction', () => {
    const sts = find(docs, 'StatefulSet', 'redis')
    const conf = find(docs, 'ConfigMap', 'redis-config').data['redis.conf'] as string
    const directives = new Map(
      conf
        .split('\n')
        .map((l) => l.trim())
        .filter((l) => l && !l.startsWith('#'))
        .map((l) => [l.split(/\s+/)[0]!, l.split(/\s+/).slice(1).join(' ')] as const),
    )
    expect(directives.get('appendonly')).toBe('yes')
    expect(directives.get('maxmemory-policy')).toBe('noeviction')
    expect(['everysec', 'always']).toContain(directives.get('appendfsync'))
    expect(directives.get('dir')).toBe('/data')
    const c = sts.spec.template.spec.containers[0]
    expect(c.args?.[0] ?? c.command?.[1]).toBe('/etc/redis/redis.conf')
    const mounts = new Map(c.volumeMounts.map((m: TDoc) => [m.mountPath, m.name]))
    const claim = sts.spec.volumeClaimTemplates?.[0]
    expect(claim?.spec?.resources?.requests?.storage).toBeDefined()
    expect(mounts.get('/data')).toBe(claim.metadata.name)
    const confVolume = sts.spec.template.spec.volumes.find((v: TDoc) => v.name === mounts.get('/etc/redis'))
    expect(confVolume?.configMap?.name).toBe(find(docs, 'ConfigMap', 'redis-config').metadata.name)
    expect(find(docs, 'Service', 'redis').spec.ports[0].port).toBe(6379)
  })

  it('takes secrets only from the Secret, never as literal values', () => {
    for (const w of app) {
      for (const c of containersOf(w)) {
        for (const e of c.env ?? []) {
          if (!SECRET_NAMES.includes(e.name)) continue
          expect(e.value, `${w.metadata.name} ${e.name}`).toBeUndefined()
          expect(e.valueFrom?.secretKeyRef?.name).toBe('dogovor24-secrets')
        }
      }
    }
    for (const name of SECRET_NAMES) expect(cm.data[name], name).toBeUndefined()
    expect(docs.filter((d) => d.kind === 'Secret')).toEqual([])
  })

  it('only sets variables the runtime config knows', () => {
    const names = [...Object.keys(cm.data), ...app.flatMap((w) => containersOf(w).flatMap((c) => (c.env ?? []).map((e: TDoc) => e.name)))]
    for (const n of names) expect(configKeys.has(n), n).toBe(true)
    for (const w of app) {
      for (const c of containersOf(w)) expect(c.envFrom?.[0]?.configMapRef?.name, `${w.metadata.name}/${c.name}`).toBe(cm.metadata.name)
    }
  })

  it('web and worker pods run as a non-root user', () => {
    for (const w of [...app, find(docs, 'StatefulSet', 'redis')]) {
      const sc = w.spec.template.spec.securityContext
      expect(sc?.runAsNonRoot, w.metadata.name).toBe(true)
      expect(sc?.runAsUser).toBeGreaterThan(0)
    }
  })
})

describe('deploy/k8s base', () => {
  it('kz and ru differ only where a region must', () => {
    const [kz, ru] = REGIONS.map((r) => renderOverlay(r))
    // Generated ConfigMap names end in a hash of their (regional) content.
    const names = (docs: TDoc[], region: string) =>
      docs.map((d) => `${d.kind}/${d.metadata.name}`.replace(`-${region}`, '-REGION').replace(/^(ConfigMap\/.*)-[a-z0-9]{10}$/, '$1')).sort()
    expect(names(ru!, 'ru')).toEqual(names(kz!, 'kz'))
  })
})
