import { defineListeners } from '../../events'
import { scanUploadedFile } from './scan-file'

export const listeners = defineListeners('explorer', {
  FileUploaded: scanUploadedFile,
})
