import { domain } from '../../domains/amicus'
import { definePingRoute } from '../../http'

export default definePingRoute(domain)
