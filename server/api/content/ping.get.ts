import { domain } from '../../domains/content'
import { definePingRoute } from '../../http'

export default definePingRoute(domain)
