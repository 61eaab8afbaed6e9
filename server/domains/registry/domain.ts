import { defineDomain } from '../define'

export const domain = defineDomain({
  name: 'registry',
  description: 'Document cards (number, date, parties, status, signers), dictionaries, ESEDO exchange.',
  owns: ['document_cards', 'card_parties', 'card_sequences', 'registry_settings', 'dictionaries'],
})
