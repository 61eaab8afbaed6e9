import { domain } from '../../domains/chat'
import { definePingRoute } from '../../lib/ping-route'

export default definePingRoute(domain)
