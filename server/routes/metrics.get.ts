import { defineEventHandler, getHeader, setResponseHeaders, setResponseStatus } from 'h3'
import { useConfig } from '../lib/config'
import { metricsAnswer } from '../lib/metrics'

/**
 * GET /metrics: Prometheus text format for this web process (server/plugins/metrics.ts).
 * Requires `Authorization: Bearer $METRICS_TOKEN`; without a token configured it is off
 * (404) in production, so it never reaches the public internet by accident.
 */
export default defineEventHandler(async (event) => {
  const answer = await metricsAnswer(getHeader(event, 'authorization'), useConfig())
  setResponseStatus(event, answer.status)
  setResponseHeaders(event, answer.headers)
  return answer.body
})
