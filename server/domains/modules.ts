import type { TDomain } from '../../shared/domains'
import type { TDomainModule } from './define'
import { domain as auth } from './auth'
import { domain as workspace } from './workspace'
import { domain as notification } from './notification'
import { domain as billing } from './billing'
import { domain as explorer } from './explorer'
import { domain as document } from './document'
import { domain as chat } from './chat'
import { domain as content } from './content'
import { domain as registry } from './registry'
import { domain as task } from './task'
import { domain as subscription } from './subscription'
import { domain as status } from './status'
import { domain as statistics } from './statistics'
import { domain as priority } from './priority'
import { domain as history } from './history'
import { domain as amicus } from './amicus'

/** Every domain's declaration, by name (health, docs, the API audit). */
export const DOMAIN_MODULES: Record<TDomain, TDomainModule> = {
  auth,
  workspace,
  notification,
  billing,
  explorer,
  document,
  chat,
  content,
  registry,
  task,
  subscription,
  status,
  statistics,
  priority,
  history,
  amicus,
}
