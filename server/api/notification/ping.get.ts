import { domain } from '../../domains/notification'
import { definePingRoute } from '../../lib/ping-route'

export default definePingRoute(domain)
