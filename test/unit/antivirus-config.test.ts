import { readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { CLAMD_MAX_BYTES, CLAMD_PORT } from '../../scripts/lib/clamd.mjs'
import { parseClamdUrl } from '../../server/lib/antivirus'
import { parseConfig } from '../../server/lib/config'
import { find, REGIONS, renderOverlay, ROOT, type TDoc } from '../helpers/deploy'

/** The scanner's settings fit together: the app's defaults, the local clamd, the manifests. */
describe('antivirus settings', () => {
  it('CLAMD_URL: tcp://host:port or unix:///path, nothing else', () => {
    expect(parseClamdUrl('tcp://127.0.0.1:3311')).toEqual({ host: '127.0.0.1', port: 3311 })
    expect(parseClamdUrl('tcp://[::1]:3310')).toEqual({ host: '::1', port: 3310 })
    expect(parseClamdUrl('unix:///tmp/d24-clamd-0/clamd.sock')).toEqual({ path: '/tmp/d24-clamd-0/clamd.sock' })
    for (const bad of ['tcp://clamav', 'tcp://clamav:0', 'http://clamav:3310', 'unix://host/x.sock', 'clamav:3310', '']) {
      expect(() => parseClamdUrl(bad), bad).toThrow()
    }
    expect(() => parseConfig({ CLAMD_URL: 'clamav:3310' })).toThrow(/CLAMD_URL/)
  })

  it('the default reaches the local clamd, which takes every file the app sends and every upload', () => {
    const cfg = parseConfig({})
    expect(parseClamdUrl(cfg.CLAMD_URL)).toEqual({ host: '127.0.0.1', port: CLAMD_PORT })
    expect(cfg.CLAMD_STREAM_MAX_BYTES).toBeLessThanOrEqual(CLAMD_MAX_BYTES)
    expect(cfg.UPLOAD_MAX_BYTES).toBeLessThanOrEqual(cfg.CLAMD_STREAM_MAX_BYTES)
  })

  it('ships our signature of the EICAR test file (md5:size:name), not the file', () => {
    const hdb = readFileSync(path.join(ROOT, 'server/lib/antivirus/signatures/d24.hdb'), 'utf8')
    expect(hdb.trim().split('\n')).toEqual(['44d88612fea8a8f36de82e1278abb02f:68:Eicar-Test-Signature'])
  })

  describe.each(REGIONS)('the %s manifests', (region) => {
    const docs = renderOverlay(region)
    const cm = find(docs, 'ConfigMap', 'dogovor24-config').data as Record<string, string>
    const clamav = find(docs, 'Deployment', 'clamav')
    const svc = find(docs, 'Service', 'clamav')

    it("point the worker's CLAMD_URL at the clamav Service, which reaches clamd's port", () => {
      const target = parseClamdUrl(cm.CLAMD_URL!)
      expect(target).toEqual({ host: svc.metadata.name, port: svc.spec.ports[0].port })
      const container = clamav.spec.template.spec.containers[0]
      const port = container.ports.find((p: TDoc) => p.name === svc.spec.ports[0].targetPort)
      expect(port?.containerPort).toBe(3310)
      for (const [k, v] of Object.entries(svc.spec.selector)) expect(clamav.spec.template.metadata.labels[k]).toBe(v)
    })

    it('run clamd without root, probed on its port, reachable from the worker only', () => {
      const spec = clamav.spec.template.spec
      expect(spec.securityContext.runAsNonRoot).toBe(true)
      expect(spec.securityContext.runAsUser).toBeGreaterThan(0)
      const c = spec.containers[0]
      expect(c.image).toMatch(/^clamav\/clamav:\d/)
      for (const probe of ['startupProbe', 'readinessProbe']) expect(c[probe]?.tcpSocket?.port, probe).toBe('clamd')
      expect(clamav.spec.replicas).toBeGreaterThanOrEqual(2)
      const policy = find(docs, 'NetworkPolicy', 'clamav')
      expect(policy.spec.podSelector.matchLabels).toEqual(clamav.spec.selector.matchLabels)
      expect(policy.spec.ingress).toEqual([{ from: [{ podSelector: { matchLabels: { 'app.kubernetes.io/name': 'worker' } } }], ports: [{ port: 3310 }] }])
    })
  })
})
