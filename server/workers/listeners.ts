import type { TListenerModule } from '../events/listeners'
import { listeners as auth } from '../domains/auth'
import { listeners as history } from '../domains/history'
import { listeners as notification } from '../domains/notification'
import { listeners as document } from '../domains/document'
import { listeners as explorer } from '../domains/explorer'
import { listeners as content } from '../domains/content'
import { listeners as billing } from '../domains/billing'
import { listeners as subscription } from '../domains/subscription'
import { listeners as registry } from '../domains/registry'

/**
 * Every domain's listener module, as each domain's index.ts exports it. The worker
 * starts one BullMQ worker per domain listed here; a domain that subscribes to an
 * event but has no module yet simply accumulates jobs in its queue until it does.
 */
export const LISTENER_MODULES: readonly TListenerModule[] = [auth, notification, history, document, content, billing, subscription, explorer, registry]
