import type { InternalApi } from 'nitropack/types'

/*
 * What our API answers, by URL and method, from the route handlers themselves
 * (Nitro's generated InternalApi: each route's `defineApiRoute` return type).
 *
 * Nitro's own $fetch matcher resolves only literal URLs; `/api/workspace/${id}` is a
 * template type to it and the answer becomes `unknown`. Here a URL is compared with
 * every route segment by segment: `:param` accepts any one segment (a `${string}`
 * hole included), literal segments must be equal, so `/api/workspace/${string}` and
 * `/api/workspace/${string}/members` land on different routes. The catch-all
 * `/api/**` (the JSON 404) never matches a real route's URL.
 */

type TSegments<S extends string> = S extends `/${infer Head}/${infer Tail}`
  ? [Head, ...TSegments<`/${Tail}`>]
  : S extends `/${infer Last}`
    ? [Last]
    : []

type TSegmentMatches<U extends string, R extends string> = R extends `:${string}` ? (U extends '' ? false : true) : U extends R ? true : false

type TAllMatch<U extends string[], R extends string[]> = U extends [infer UH extends string, ...infer UT extends string[]]
  ? R extends [infer RH extends string, ...infer RT extends string[]]
    ? TSegmentMatches<UH, RH> extends true
      ? TAllMatch<UT, RT>
      : false
    : false
  : R extends []
    ? true
    : false

/** Routes whose path pattern fits the URL (the query string is passed separately). */
export type TMatchedRoute<U extends string> = {
  [K in keyof InternalApi & string]: K extends `${string}**${string}` ? never : TAllMatch<TSegments<U>, TSegments<K>> extends true ? K : never
}[keyof InternalApi & string]

type TLower<M> = M extends string ? Lowercase<M> : 'get'

type TRouteAnswer<K extends keyof InternalApi, M extends string> = M extends keyof InternalApi[K]
  ? InternalApi[K][M]
  : 'default' extends keyof InternalApi[K]
    ? InternalApi[K]['default']
    : never

/**
 * The answer of `method url` as the route declares it. `unknown` when no route fits,
 * so a typo in a URL cannot pass as a typed call: using the answer does not compile.
 * A union of URLs (a prop that takes one of several routes) answers the union.
 */
export type TApiAnswer<U extends string, M = 'get'> = U extends string ? TOneAnswer<U, M> : never

type TOneAnswer<U extends string, M> = [TMatchedRoute<U>] extends [never]
  ? unknown
  : TMatchedRoute<U> extends infer K extends keyof InternalApi
    ? TRouteAnswer<K, TLower<M>>
    : unknown
