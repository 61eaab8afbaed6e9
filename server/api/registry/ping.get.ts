import { domain } from '../../domains/registry'
import { definePingRoute } from '../../http'

export default definePingRoute(domain)
