import { domain } from '../../domains/chat'
import { definePingRoute } from '../../http'

export default definePingRoute(domain)
