import { defineListeners } from '../../events'
import { generateDocument } from './generate-document'

export const listeners = defineListeners('document', {
  DocumentRequested: generateDocument,
})
