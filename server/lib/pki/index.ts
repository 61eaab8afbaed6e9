// Qualified electronic signatures (Kazakhstan's NCA PKI, CMS/CAdES, RSA): verification, the trust
// store, and certificates and signatures of our own making for tests and the sandbox.
export { verifyCms, decodeCms, MAX_SIGNATURE_BYTES, MAX_ATTACHED_CONTENT_BYTES } from './verify'
export type { TSignatureProblem, TSignerResult, TCmsVerification, TCmsLimits, TVerifyOptions, TRevocationOptions } from './verify'
export type { TCertificateInfo, TKeyUser } from './certificate'
export { KEY_USER_OIDS } from './certificate'
export { loadTrustStore, parsePemBundle, createTrustStore } from './trust'
export type { TTrustStore } from './trust'
export { NCA_CERTIFICATES } from './nca-roots'
export type { TShippedCertificate } from './nca-roots'
export { createCa, issueCertificate, createCrl, signCms, cosignCms, createTimestampToken, toPem, caToPem, loadCaPem } from './ca'
export type { TCa, TIssued, TIssueOptions, TIssuedCertificate, TSigner } from './ca'
