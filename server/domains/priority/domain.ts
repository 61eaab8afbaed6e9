import { defineDomain } from '../define'

export const domain = defineDomain({
  name: 'priority',
  description: "Ordering of operators' and lawyers' work queues (leads, chats, tasks).",
  owns: ['priority_rules', 'priority_queues'],
})
