import { domain } from '../../domains/statistics'
import { definePingRoute } from '../../http'

export default definePingRoute(domain)
