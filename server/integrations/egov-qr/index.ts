/**
 * Signing with eGov mobile by QR through a SIGEX-style service (kz): the protocol
 * (./protocol), the live client (./client) and an in-memory service (./emulator) that
 * the test fake and the sandbox drive. No provider wrapper: the signing domain owns the
 * procedure (its record, the worker job that holds the requests, the deadline) and
 * verifies the signatures it collects like any other CMS.
 */
export * from './protocol'
export {
  createEgovQrClient,
  describeUrl,
  EgovQrError,
  EGOV_QR_BODY_TIMEOUT_MS,
  EGOV_QR_DEFAULT_TIMEOUT_MS,
  EGOV_QR_MAX_ANSWER_BYTES,
  EGOV_QR_RETRY_AFTER_SECONDS,
  type TEgovQrClient,
  type TEgovQrConf,
  type TEgovQrFailure,
  type TEgovQrHoldOptions,
} from './client'
export {
  EgovEmulatorError,
  EgovQrEmulator,
  EGOV_EMULATOR_LIMITS,
  EGOV_EMULATOR_MESSAGES,
  type TEgovAnswer,
  type TEgovEmulatorCall,
  type TEgovEmulatorOp,
  type TEgovEmulatorOptions,
  type TEgovPhoneDocument,
  type TEgovPhoneState,
  type TEgovPhoneView,
} from './emulator'
export { followEgovProcedure, egovFailure, qrDataUrl, scanDeadlineOf, type TEgovFollow, type TEgovFollowEnd, type TEgovFollowState } from './follow'
