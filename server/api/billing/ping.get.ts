import { domain } from '../../domains/billing'
import { definePingRoute } from '../../lib/ping-route'

export default definePingRoute(domain)
