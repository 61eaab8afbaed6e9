// `npm run up`'s sandbox signing CA: made once per checkout in .data/ (never committed), so
// the sandbox eGov mobile page can sign and this machine's server trusts what it signs.
// Prints the two paths as JSON: the CA with its key (EGOV_QR_SANDBOX_CA) and its certificate
// alone (PKI_TRUSTED_CERTS).
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { caToPem, createCa, loadCaPem } from '../server/lib/pki'

const dir = path.resolve(process.argv[2] ?? '.data')
const caPath = path.join(dir, 'sandbox-egov-ca.pem')
const trustedPath = path.join(dir, 'sandbox-trusted.pem')
mkdirSync(dir, { recursive: true })
if (!existsSync(caPath)) {
  const ca = await createCa({ commonName: 'DOGOVOR24 SANDBOX NCA (TEST ONLY)', validDays: 3650 })
  writeFileSync(caPath, await caToPem(ca), { mode: 0o600 })
}
// The trusted bundle is always rewritten from the CA file: they cannot drift apart.
const ca = await loadCaPem(readFileSync(caPath, 'utf8'))
writeFileSync(trustedPath, ca.cert.pem)
process.stdout.write(`${JSON.stringify({ caPath, trustedPath })}\n`)
