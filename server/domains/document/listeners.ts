import { defineListeners } from '../../events'
import { generateDocument } from './generate-document'
import { unlockPaidDocuments } from './unlock-paid'

export const listeners = defineListeners('document', {
  DocumentRequested: generateDocument,
  OrderPaid: unlockPaidDocuments,
})
