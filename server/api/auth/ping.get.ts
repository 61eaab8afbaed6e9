import { definePingRoute } from '../../http'
import { domain } from '../../domains/auth'

export default definePingRoute(domain)
