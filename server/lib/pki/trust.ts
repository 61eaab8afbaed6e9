import { readFileSync, statSync } from 'node:fs'
import { useConfig } from '../config'
import { parseCertificate, type TParsedCert } from './certificate'
import { NCA_CERTIFICATES } from './nca-roots'

/**
 * The certificates a signature may chain to: roots (self-issued: the anchors) and intermediates
 * (only links; a chain still has to end at a root). Each certificate is parsed once here, so a
 * verification only looks things up.
 */
export interface TTrustStore {
  roots: TParsedCert[]
  intermediates: TParsedCert[]
  /** Subject Name DER (hex) → certificates with that subject: how a chain finds an issuer. */
  bySubject: Map<string, TParsedCert[]>
  /** SHA-256 of each root's DER. */
  rootHashes: Set<string>
}

const PEM_BLOCK = /-----BEGIN CERTIFICATE-----([^-]*)-----END CERTIFICATE-----/g

function pemCertificates(text: string): TParsedCert[] {
  const out: TParsedCert[] = []
  let index = 0
  for (const m of text.matchAll(PEM_BLOCK)) {
    index++
    const b64 = m[1]!.replace(/\s+/g, '')
    if (!/^[A-Za-z0-9+/]+={0,2}$/.test(b64)) throw new Error(`PEM bundle: certificate ${index} is not base64`)
    try {
      out.push(parseCertificate(new Uint8Array(Buffer.from(b64, 'base64'))))
    } catch {
      throw new Error(`PEM bundle: certificate ${index} is not an X.509 certificate`)
    }
  }
  return out
}

/**
 * Every CERTIFICATE block of a PEM text, as DER. Throws on a block that is not one certificate:
 * a trust bundle with a broken entry is a configuration error to fix, not to skip.
 */
export function parsePemBundle(text: string): Uint8Array[] {
  return pemCertificates(text).map((p) => p.der)
}

/** A store of the given certificates (DER or parsed); duplicates are kept once. */
export function createTrustStore(certs: Array<Uint8Array | TParsedCert>): TTrustStore {
  const store: TTrustStore = { roots: [], intermediates: [], bySubject: new Map(), rootHashes: new Set() }
  const seen = new Set<string>()
  for (const c of certs) {
    const p = c instanceof Uint8Array ? parseCertificate(c) : c
    if (seen.has(p.sha256)) continue
    seen.add(p.sha256)
    if (p.subjectKey === p.issuerKey) {
      store.roots.push(p)
      store.rootHashes.add(p.sha256)
    } else {
      store.intermediates.push(p)
    }
    const same = store.bySubject.get(p.subjectKey)
    if (same) same.push(p)
    else store.bySubject.set(p.subjectKey, [p])
  }
  return store
}

let shipped: TParsedCert[] | undefined

function shippedCertificates(): TParsedCert[] {
  shipped ??= NCA_CERTIFICATES.flatMap((c) => pemCertificates(c.pem))
  return shipped
}

let envBundle: { path: string; mtimeMs: number; size: number; certs: TParsedCert[] } | undefined
let defaultStore: { bundle: TParsedCert[] | null; store: TTrustStore } | undefined

/** PKI_TRUSTED_CERTS, read again only when the file changed (a deploy can swap it without a restart). */
function envCertificates(): TParsedCert[] | null {
  const path = useConfig().PKI_TRUSTED_CERTS
  if (!path) return null
  const st = statSync(path)
  if (envBundle?.path !== path || envBundle.mtimeMs !== st.mtimeMs || envBundle.size !== st.size) {
    const certs = pemCertificates(readFileSync(path, 'utf8'))
    envBundle = { path, mtimeMs: st.mtimeMs, size: st.size, certs }
  }
  return envBundle.certs
}

/**
 * The shipped NCA certificates, the PEM bundle named by PKI_TRUSTED_CERTS (read at call time, parsed
 * again only when the file changes) and `pems`. Throws when PKI_TRUSTED_CERTS names a file that
 * cannot be read or holds a broken certificate. Without `pems` the same store object comes back
 * until the bundle changes; with them, keep the store rather than building it per verification.
 */
export function loadTrustStore(opts: { pems?: string[] } = {}): TTrustStore {
  const bundle = envCertificates()
  if (!opts.pems?.length) {
    if (defaultStore?.bundle !== bundle) defaultStore = { bundle, store: createTrustStore([...shippedCertificates(), ...(bundle ?? [])]) }
    return defaultStore.store
  }
  const extra = opts.pems.flatMap((pem) => pemCertificates(pem))
  return createTrustStore([...shippedCertificates(), ...(bundle ?? []), ...extra])
}
