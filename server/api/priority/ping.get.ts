import { domain } from '../../domains/priority'
import { definePingRoute } from '../../lib/ping-route'

export default definePingRoute(domain)
