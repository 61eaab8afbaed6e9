import { domain } from '../../domains/document'
import { definePingRoute } from '../../http'

export default definePingRoute(domain)
