import { domain } from '../../domains/history'
import { definePingRoute } from '../../lib/ping-route'

export default definePingRoute(domain)
