import { domain } from '../../domains/task'
import { definePingRoute } from '../../http'

export default definePingRoute(domain)
