import { defineDomain } from '../define'

export const domain = defineDomain({
  name: 'history',
  description: 'Append-only, hash-chained audit log of who did what, fed by events and explicit audit calls.',
  owns: ['audit_log', 'audit_heads', 'audit_checkpoints'],
})
