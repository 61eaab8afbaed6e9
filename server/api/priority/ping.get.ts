import { domain } from '../../domains/priority'
import { definePingRoute } from '../../http'

export default definePingRoute(domain)
