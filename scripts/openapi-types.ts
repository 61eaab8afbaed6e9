import { writeFileSync } from 'node:fs'
import path from 'node:path'
import { API_TYPES_FILE, buildApiDocument, renderApiTypes } from './lib/openapi-document'

// Regenerates the typed client's types after a route contract changed.
const { document, missing } = await buildApiDocument()
if (missing.length) {
  console.error(`Routes without a contract: ${missing.join(', ')}`)
  process.exit(1)
}
writeFileSync(path.resolve(import.meta.dirname, '..', API_TYPES_FILE), await renderApiTypes(document))
console.log(`wrote ${API_TYPES_FILE}`)
process.exit(0)
