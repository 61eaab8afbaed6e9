import { domain } from '../../domains/explorer'
import { definePingRoute } from '../../lib/ping-route'

export default definePingRoute(domain)
