import { domain } from '../../domains/workspace'
import { definePingRoute } from '../../lib/ping-route'

export default definePingRoute(domain)
