import { domain } from '../../domains/auth'
import { definePingRoute } from '../../lib/ping-route'

export default definePingRoute(domain)
