import { defineListeners } from '../../events'
import { indexTemplate } from './template-entries'

export const listeners = defineListeners('content', {
  TemplatePublished: indexTemplate,
})
