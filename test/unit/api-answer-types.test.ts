import { readdirSync, readFileSync, statSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import type { TApiAnswer, TMatchedRoute } from '../../composables/api-route-types'

/*
 * Pages call the API through useApi(), whose answer type comes from the route's own
 * contract (composables/api-route-types.ts). Two halves:
 *  - the type assertions below are checked by `nuxt typecheck` (npm test runs it
 *    before vitest): if the matcher stops resolving a route, they stop compiling;
 *  - the scan fails when a page or component writes the answer type by hand again.
 */

type TEqual<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false
declare const id: string

// Literal and template URLs land on their own route, never on a neighbour.
const matchedLiteral: TEqual<TMatchedRoute<'/api/auth/tokens'>, '/api/auth/tokens'> = true
const matchedTemplate: TEqual<TMatchedRoute<`/api/workspace/${typeof id}`>, '/api/workspace/:id'> = true
const matchedDeeper: TEqual<TMatchedRoute<`/api/workspace/${typeof id}/members`>, '/api/workspace/:id/members'> = true
// The JSON 404 catch-all is not a route a page can mean.
const unmatched: TEqual<TMatchedRoute<'/api/no-such-route'>, never> = true
const unknownAnswer: TEqual<TApiAnswer<'/api/no-such-route'>, unknown> = true
// The method picks the handler: POST /api/workspace answers one workspace, GET a list.
const postAnswer: TEqual<keyof TApiAnswer<'/api/workspace', 'POST'>, keyof TApiAnswer<`/api/workspace/${typeof id}`>> = true
const getAnswer: TEqual<keyof TApiAnswer<'/api/workspace'>, 'items'> = true
// Dates travel as strings: the answer is the JSON a page receives, not the server's objects.
const serialised: TEqual<TApiAnswer<'/api/auth/tokens'>['items'][number]['createdAt'], string> = true

const SCANNED = ['pages', 'components', 'composables', 'layouts', 'plugins', 'middleware', 'stores', 'layers']
const HAND_TYPED = /(?<!function\s)\b(?:api|\$fetch|useFetch|useLazyFetch)<(?!\s*\{\s*\}>)/

function sources(dir: string): string[] {
  let out: string[] = []
  let names: string[]
  try {
    names = readdirSync(dir)
  } catch {
    return out
  }
  for (const name of names) {
    if (name === 'node_modules' || name.startsWith('.')) continue
    const p = path.join(dir, name)
    if (statSync(p).isDirectory()) out = out.concat(sources(p))
    else if (/\.(vue|ts)$/.test(name)) out.push(p)
  }
  return out
}

describe('API answer types in pages', () => {
  it('the type assertions above are all true', () => {
    expect([matchedLiteral, matchedTemplate, matchedDeeper, unmatched, unknownAnswer, postAnswer, getAnswer, serialised].every(Boolean)).toBe(true)
  })

  it('no page, component or composable types an API answer by hand', () => {
    const root = path.resolve(import.meta.dirname, '../..')
    const offenders: string[] = []
    for (const dir of SCANNED) {
      for (const file of sources(path.join(root, dir))) {
        readFileSync(file, 'utf8')
          .split('\n')
          .forEach((line, i) => {
            if (HAND_TYPED.test(line)) offenders.push(`${path.relative(root, file)}:${i + 1}: ${line.trim()}`)
          })
      }
    }
    expect(offenders).toEqual([])
  })
})
