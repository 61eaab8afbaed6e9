import { readFileSync, statSync } from 'node:fs'
import { useConfig, type TConfig } from '../../lib/config'
import { issueCertificate, loadCaPem, signCms, type TCa, type TIssuedCertificate } from '../../lib/pki'
import { egovQrMode, sandboxEgovBase } from './conf'
import { EgovQrEmulator } from './emulator'

/**
 * The sandbox eGov: without a QR signing service the platform still signs by QR end to end.
 * The emulator (./emulator) answers the provider's HTTP protocol under `/sandbox/egov/api/…`
 * (server/routes/sandbox/egov), the worker talks to it with the live client, and a page of
 * ours (pages/sandbox/egov/[id].vue, what the QR encodes) plays eGov mobile: it "scans" and
 * signs with a certificate issued on the spot from EGOV_QR_SANDBOX_CA for the name and IIN
 * typed there. Its state is in this web process's memory, like the sandbox Epay's.
 */
let emulator: { base: string; em: EgovQrEmulator } | undefined

/** This process's sandbox eGov while it is on (no EGOV_QR_URL, EGOV_QR_SANDBOX_CA set), else null. */
export function activeSandboxEgov(cfg: TConfig = useConfig()): EgovQrEmulator | null {
  if (egovQrMode(cfg)?.kind !== 'sandbox') return null
  const base = sandboxEgovBase(cfg)
  if (emulator?.base !== base) {
    const site = cfg.PUBLIC_URL.replace(/\/+$/, '')
    emulator = { base, em: new EgovQrEmulator({ baseUrl: base, phoneUrl: (id) => `${site}/sandbox/egov/${id}` }) }
  }
  return emulator.em
}

export interface TSandboxIdentity {
  name: string
  iin: string
  bin?: string
  organization?: string
}

let ca: { path: string; mtimeMs: number; ca: Promise<TCa> } | undefined
const issued = new Map<string, Promise<TIssuedCertificate>>()

function sandboxCa(path: string): Promise<TCa> {
  const st = statSync(path)
  if (ca?.path !== path || ca.mtimeMs !== st.mtimeMs) {
    ca = { path, mtimeMs: st.mtimeMs, ca: loadCaPem(readFileSync(path, 'utf8')) }
    issued.clear()
  }
  return ca.ca
}

/**
 * The phone's signature: a CMS made with the identity's sandbox certificate. One key per
 * identity for the process's life, as a person keeps theirs (a second signature of one
 * version with it is refused as already signed, like a real key's).
 */
export async function sandboxSignDocument(identity: TSandboxIdentity, data: Uint8Array, attach: boolean, cfg: TConfig = useConfig()): Promise<Uint8Array> {
  const mode = egovQrMode(cfg)
  if (mode?.kind !== 'sandbox') throw new Error('the eGov sandbox is off')
  const authority = await sandboxCa(mode.caPath)
  const key = JSON.stringify([identity.name, identity.iin, identity.bin ?? '', identity.organization ?? ''])
  let cert = issued.get(key)
  if (!cert) {
    const words = identity.name.trim().split(/\s+/)
    cert = issueCertificate(authority, {
      commonName: identity.name.trim().toUpperCase(),
      surname: words[0]?.toUpperCase(),
      givenName: words.slice(1).join(' ').toUpperCase() || undefined,
      iin: identity.iin,
      ...(identity.bin ? { bin: identity.bin, organization: identity.organization || undefined } : {}),
      keyUser: identity.bin ? ['ORGANIZATION', 'CEO'] : ['INDIVIDUAL'],
      usage: 'SIGN',
    })
    cert.catch(() => issued.delete(key))
    issued.set(key, cert)
  }
  const c = await cert
  return signCms(data, { certDer: c.certDer, keys: c.keys }, { detached: !attach })
}
