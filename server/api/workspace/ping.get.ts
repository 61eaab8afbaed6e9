import { definePingRoute } from '../../http'
import { domain } from '../../domains/workspace'

export default definePingRoute(domain)
