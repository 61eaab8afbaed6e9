/**
 * The versions of the legal texts a person accepts at registration. The texts are
 * drafts for the lawyers to replace (pages/legal/*.vue); bump a version with its text, so
 * each stored consent (user_consents) names the text the person saw.
 */
export const LEGAL_VERSIONS = {
  terms: '2026-12-02-draft',
  privacy: '2026-12-02-draft',
} as const
export type TLegalKind = keyof typeof LEGAL_VERSIONS
export const LEGAL_KINDS = Object.keys(LEGAL_VERSIONS) as TLegalKind[]
