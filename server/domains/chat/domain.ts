import { defineDomain } from '../define'

export const domain = defineDomain({
  name: 'chat',
  description: 'Conversations, messages, lawyer assignment, AI assistant.',
  owns: ['conversations', 'messages'],
})
