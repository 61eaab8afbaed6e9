import { domain } from '../../domains/notification'
import { definePingRoute } from '../../http'

export default definePingRoute(domain)
