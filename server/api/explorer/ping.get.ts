import { domain } from '../../domains/explorer'
import { definePingRoute } from '../../http'

export default definePingRoute(domain)
