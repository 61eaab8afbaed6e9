import { domain } from '../../domains/history'
import { definePingRoute } from '../../http'

export default definePingRoute(domain)
