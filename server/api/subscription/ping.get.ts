import { domain } from '../../domains/subscription'
import { definePingRoute } from '../../http'

export default definePingRoute(domain)
