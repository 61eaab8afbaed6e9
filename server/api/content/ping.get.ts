import { domain } from '../../domains/content'
import { definePingRoute } from '../../lib/ping-route'

export default definePingRoute(domain)
