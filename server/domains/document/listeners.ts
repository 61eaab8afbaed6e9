import { defineListeners } from '../../events'
import { generateDocument } from './generate-document'
import { relockRefundedDocuments, unlockPaidDocuments } from './unlock-paid'

export const listeners = defineListeners('document', {
  DocumentRequested: generateDocument,
  OrderPaid: unlockPaidDocuments,
  OrderRefunded: relockRefundedDocuments,
})
