import { domain } from '../../domains/status'
import { definePingRoute } from '../../http'

export default definePingRoute(domain)
