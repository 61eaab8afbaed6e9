import { domain } from '../../domains/billing'
import { definePingRoute } from '../../http'

export default definePingRoute(domain)
