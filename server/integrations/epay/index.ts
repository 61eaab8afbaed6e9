
/**
 * Halyk Bank Epay v2 card payments (kz): the protocol (./protocol), the live client
 * (./client) and an in-memory Epay (./emulator) that the test fake and the sandbox
 * payment page drive. No provider wrapper yet: the billing domain decides how payments
 * are recorded and retried, and uses epayConf() to choose live or sandbox.
 */
export * from './protocol'
export {
  createEpayClient,
  EpayError,
  EPAY_DEFAULT_TIMEOUT_MS,
  EPAY_TOKEN_MARGIN_SECONDS,
  type TEpayClient,
  type TEpayConf,
  type TEpayOperationResult,
  type TEpayPaymentTokenInput,
  type TEpayStatus,
  type TEpayTransaction,
} from './client'
export {
  EpayEmulator,
  type TEpayCallbackDelivery,
  type TEpayEmulatorAnswer,
  type TEpayEmulatorCall,
  type TEpayEmulatorInvoice,
  type TEpayEmulatorOptions,
  type TEpayEmulatorRefund,
  type TEpayEmulatorToken,
  type TEpayEmulatorTransaction,
  type TEpayPayDetails,
  type TEpayPayOutcome,
} from './emulator'

export { epayConf } from './conf'
export { sandboxEpayConf, sandboxEmulator, activeSandboxEmulator, SANDBOX_CLIENT_ID, SANDBOX_TERMINAL } from './sandbox'
