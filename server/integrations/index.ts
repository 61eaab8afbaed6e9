/**
 * External integrations: the only module other code imports for them. Each
 * provider lives in ./<provider>/ with a live client and a sandbox driver chosen
 * by configuration; every call is recorded in the integration outbox.
 */
export {
  defineProvider,
  defineOperation,
  type TProvider,
  type TProviderDef,
  type TOperationDef,
  type TLiveClient,
  type TCallResult,
  type TCallOptions,
} from './core/provider'
export { listIntegrationOutbox, recordIntegrationCall, wasDelivered, type TOutboxRecord } from './core/outbox'
export {
  ZListIntegrationOutboxSchema,
  ZIntegrationOutboxItemSchema,
  ZIntegrationOutboxPageSchema,
  INTEGRATION_DRIVERS,
  INTEGRATION_OUTBOX_STATUSES,
  type TIntegrationOutboxItem,
  type TIntegrationOutboxPage,
  type TListIntegrationOutboxQuery,
  type TIntegrationDriverKind,
  type TIntegrationOutboxStatus,
} from '../../shared/integration-outbox'
export { sendEmail, emailProvider, ZSendEmailSchema, type TSendEmailInput, type TSendEmailResult } from './email'
export { sendSms, smsProvider, ZSendSmsSchema, type TSendSmsInput, type TSendSmsResult } from './sms'
export * from './egov-qr'
export { esedoProvider, sendToEsedoGateway, ZEsedoSendSchema, type TEsedoSendInput, type TEsedoSendResult } from './esedo'
export { egovQrMode, sandboxEgovBase, type TEgovQrMode } from './egov-qr/conf'
export { activeSandboxEgov, sandboxSignDocument, type TSandboxIdentity } from './egov-qr/sandbox'
