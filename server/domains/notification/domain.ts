import { defineDomain } from '../define'

export const domain = defineDomain({
  name: 'notification',
  description: 'Channels, per-locale message templates, preferences, in-app notifications, delivery log.',
  owns: ['notifications', 'notification_templates', 'notification_preferences'],
})
