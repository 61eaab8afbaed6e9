import { domain } from '../../domains/subscription'
import { definePingRoute } from '../../lib/ping-route'

export default definePingRoute(domain)
