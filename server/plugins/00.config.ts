import { defineNitroPlugin } from 'nitropack/runtime'
import { useConfigOrExit } from '../lib/config'

// Parse the runtime config when the server starts, not on the first request that
// needs it: a bad or missing variable stops the process at once with every problem named.
export default defineNitroPlugin(() => {
  useConfigOrExit()
})
