import { domain } from '../../domains/status'
import { definePingRoute } from '../../lib/ping-route'

export default definePingRoute(domain)
