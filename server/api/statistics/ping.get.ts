import { domain } from '../../domains/statistics'
import { definePingRoute } from '../../lib/ping-route'

export default definePingRoute(domain)
