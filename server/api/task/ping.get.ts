import { domain } from '../../domains/task'
import { definePingRoute } from '../../lib/ping-route'

export default definePingRoute(domain)
