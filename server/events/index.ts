// The public surface of the event backbone: domains import from here only.
export { EVENTS, eventsSubscribedBy } from './catalog'
export type { TEventDef, TEventName, TEventPayload, TSubscribedEvent } from './catalog'
export { publish, type TPublishOptions } from './publish'
export { startWaitJob } from './waits'
export { defineListeners, stagedListener, type TListener, type TListenerMap, type TListenerMeta, type TListenerModule, type TListenerStages, type TWorkInfo } from './listeners'
export { listDeadJobs, queueCounts, outboxBacklog, unhandledEvents, type TDeadJob, type TQueueCounts, type TUnhandled } from './admin'
