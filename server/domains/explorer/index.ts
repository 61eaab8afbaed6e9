// The domain's public surface: the only module other domains and routes import.
export { domain } from './domain'
export { listeners } from './listeners'
export { listEntries } from './list-entries'
export { createFolder, updateFolder, trashFolder, restoreFolder } from './folders'
export { createUpload, confirmUpload } from './uploads'
export { getFile, updateFile, trashFile, restoreFile, deleteFile, downloadFile } from './files'
export { signFile } from './sign-file'
export {
  createSigningRequest,
  listSigningRequests,
  cancelSigningRequest,
  remindSigningParties,
  changePartyContact,
  getSigningInvitation,
  signingDocumentLink,
  signAsParty,
  declineAsParty,
  sweepSigningRequests,
} from './signing'
export {
  startPartyEgovSigning,
  getPartyEgovSession,
  cancelPartyEgovSession,
  startFileEgovSigning,
  getFileEgovSession,
  cancelFileEgovSession,
  runEgovSession,
  EGOV_MAX_DOCUMENT_BYTES,
} from './egov-sign'
export { getVerification, verifyUploaded } from './verify'
export { purgeExplorer } from './purge'
export { fileSigningState, signedFileBundle, type TFileSigningState, type TSignedFileBundle } from './registry-state'
export { signatureSheet } from './signature-sheet'
export { EXPLORER_ROLES } from './access'
export * from '../../../shared/explorer'
export * from '../../../shared/signing'
