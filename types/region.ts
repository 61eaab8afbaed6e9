/**
 * What a region layer (layers/kz, layers/ru) puts into `appConfig.region`.
 * Plain data so it survives app-config serialisation; read it with useRegion().
 */
export interface TLegalIdRule {
  /** Short code used in forms and APIs, e.g. `iin`, `bin`, `inn`, `ogrn`. */
  code: string
  /** Name shown to people (the same in every locale: these are official acronyms). */
  label: string
  /** Who holds it. */
  holder: 'person' | 'company' | 'entrepreneur'
  /** Anchored regular expression source; checksums live in the domain that validates them. */
  pattern: string
}

export interface TRegionConfig {
  code: 'kz' | 'ru'
  brand: string
  domain: string
  currency: { code: 'KZT' | 'RUB'; symbol: string }
  legalIds: TLegalIdRule[]
  /** Provider ids match server/integrations/<id>; `null` means the region has none yet. */
  payment: { provider: string; name: string } | null
  signature: { provider: string; name: string } | null
}
