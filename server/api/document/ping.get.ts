import { domain } from '../../domains/document'
import { definePingRoute } from '../../lib/ping-route'

export default definePingRoute(domain)
