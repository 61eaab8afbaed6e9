/**
 * What the platform keeps of an NCANode verification, in our own terms: callers never
 * see NCANode's JSON (./protocol.ts maps it), so a change of NCANode's version or a
 * verifier of our own can replace it behind the same shapes.
 */

export interface TNcaNodeVerifyCmsInput {
  /** Base64 CMS (CAdES) as NCALayer or eGov mobile made it. */
  cms: string
  /** Base64 of the signed bytes; only for a detached CMS. */
  data?: string
}

/** The certificate's key: made for signing documents, for signing in, or neither. */
export type TSignerKeyUsage = 'SIGN' | 'AUTH' | 'OTHER'

/**
 * `good`: a revocation check (OCSP or CRL) answered "not revoked". `not_checked`: no check
 * gave an answer (none asked, or the OCSP server / CRL could not be reached): not proof
 * of anything.
 */
export type TSignerRevocation = 'good' | 'revoked' | 'not_checked'

export interface TRevocationCheck {
  by: string
  revoked: boolean
  at: Date | null
  /** NCANode's words: "OK", a revocation reason, or why the check failed. */
  reason: string | null
}

export interface TNcaNodeSigner {
  /** NCANode's verdict on this signer's certificate: chain to the NCA root, dates, revocation. */
  valid: boolean
  /** The time-stamp's time when the CMS carries one (NCALayer adds it), else null. */
  signedAt: Date | null
  serialNumber: string
  /** Full name as in the certificate (surname and first name). */
  commonName: string | null
  surname: string | null
  /** The first name, read from the common name minus the surname (certificates do not carry it alone). */
  givenName: string | null
  /** Kazakh certificates put the patronymic in GIVENNAME; NCANode calls it lastName. */
  patronymic: string | null
  iin: string | null
  bin: string | null
  organization: string | null
  email: string | null
  /** INDIVIDUAL, ORGANIZATION, CEO, CAN_SIGN, EMPLOYEE… as NCANode names them. */
  keyUser: string[]
  keyUsage: TSignerKeyUsage
  signAlg: string
  notBefore: Date
  notAfter: Date
  revocation: TSignerRevocation
  revokedAt: Date | null
  revocationChecks: TRevocationCheck[]
}

export interface TNcaNodeVerification {
  /** Every signature matches its data and every signer's certificate is valid. */
  valid: boolean
  signers: TNcaNodeSigner[]
}

/** /x509/info: certificates alone, no signature (signedAt is always null). */
export interface TNcaNodeCertificates {
  valid: boolean
  certificates: TNcaNodeSigner[]
}
