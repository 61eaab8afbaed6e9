import { domain } from '../../domains/registry'
import { definePingRoute } from '../../lib/ping-route'

export default definePingRoute(domain)
