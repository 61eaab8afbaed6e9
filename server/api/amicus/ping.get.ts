import { domain } from '../../domains/amicus'
import { definePingRoute } from '../../lib/ping-route'

export default definePingRoute(domain)
