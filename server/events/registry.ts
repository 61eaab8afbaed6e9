import { listeners as notification } from '../domains/notification/listeners'
import { listeners as history } from '../domains/history/listeners'
import type { TListenerModule } from './listeners'

/**
 * Every domain's listener module (server/domains/<domain>/listeners.ts). The worker
 * starts one BullMQ worker per domain listed here; a domain that subscribes to an
 * event but has no module yet simply accumulates jobs in its queue until it does.
 */
export const LISTENER_MODULES: readonly TListenerModule[] = [notification, history]
