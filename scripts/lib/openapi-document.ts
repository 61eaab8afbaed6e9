import { pathToFileURL } from 'node:url'
import openapiTS, { astToString, COMMENT_HEADER } from 'openapi-typescript'
import type { OpenAPI3 } from 'openapi-typescript'
import { buildOpenApi, type TApiHandler, type TRouteEntry } from '../../server/http'
import { routeFiles } from '../../test/helpers/h3-app'

/**
 * The OpenAPI document of every route file under server/api, built the way
 * /openapi.json builds it from Nitro's handler list (same builder, same contracts),
 * but without a Nuxt build: for the typed client and the contract tests.
 */
export async function buildApiDocument(serverUrl?: string) {
  const entries: TRouteEntry[] = []
  for (const r of routeFiles('.')) {
    const mod = (await import(pathToFileURL(r.file).href)) as { default: Partial<TApiHandler> }
    entries.push({ route: r.route, method: r.method, contract: mod.default.contract })
  }
  return buildOpenApi(entries, { title: 'Dogovor24 API', version: '1', serverUrl })
}

export const API_TYPES_FILE = 'shared/api-types.ts'

/** The TypeScript types openapi-typescript derives from the document (what `npm run openapi:types` writes). */
export async function renderApiTypes(document: object): Promise<string> {
  const ast = await openapiTS(document as OpenAPI3, { alphabetize: true })
  return `${COMMENT_HEADER}// Generated from the route contracts by \`npm run openapi:types\`; test/integration/api-contract.test.ts fails when it is stale.\n\n${astToString(ast)}`
}
