import { defineDomain } from '../define'

export const domain = defineDomain({
  name: 'status',
  description: 'Status definitions and transitions per entity type, status history.',
  owns: ['status_definitions', 'status_transitions', 'status_history'],
})
