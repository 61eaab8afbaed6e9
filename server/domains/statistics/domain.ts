import { defineDomain } from '../define'

export const domain = defineDomain({
  name: 'statistics',
  description: 'Aggregates and dashboards.',
  owns: ['stat_aggregates'],
})
