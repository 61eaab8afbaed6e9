import { defineDomain } from '../define'

export const domain = defineDomain({
  name: 'amicus',
  description: 'CRM: leads, contacts, deals, pipelines, calls (OnlinePBX), Bitrix24 sync.',
  owns: ['leads', 'contacts', 'deals', 'pipelines', 'calls'],
})
