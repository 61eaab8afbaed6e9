import { defineDomain } from '../define'

export const domain = defineDomain({
  name: 'document',
  description: 'Constructor templates and versions, questionnaire answers, generated documents.',
  owns: ['templates', 'template_versions', 'fillings', 'answer_sets', 'generated_documents'],
})
