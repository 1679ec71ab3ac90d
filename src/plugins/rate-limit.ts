// Requests per client address and minute, with the IETF RateLimit headers, and load
// shedding when the event loop lags: both answer 429/503 problem+json with Retry-After
// rather than letting one client, or a burst, slow every other one down.
import rateLimit from '@fastify/rate-limit'
import underPressure from '@fastify/under-pressure'
import fp from 'fastify-plugin'
import { HttpProblem } from '../lib/problem.js'

/** Orchestrators' probes are never limited: a 429 would read as the API being down. */
const PROBES = new Set(['/health', '/ready'])

const RETRY_AFTER_PRESSURE_S = 5
const START_GRACE_MS = 1000

export default fp(
  async function rateLimitPlugin(app) {
    const { RATE_LIMIT_PER_MINUTE, MAX_EVENT_LOOP_DELAY_MS } = app.config
    if (MAX_EVENT_LOOP_DELAY_MS > 0) {
      // Loading the embedded database at start-up blocks the loop for seconds, before any
      // request can come: the lag sampled just after it is not a reason to shed the first ones.
      let readyAt = Number.POSITIVE_INFINITY
      app.addHook('onReady', async () => {
        readyAt = Date.now()
      })
      await app.register(underPressure, {
        maxEventLoopDelay: MAX_EVENT_LOOP_DELAY_MS,
        // Sampled four times a second: a stall is seen, and forgotten, within a quarter second.
        sampleInterval: 250,
        retryAfter: RETRY_AFTER_PRESSURE_S,
        // A rejected promise reaches the error handler of the request's context (REST's
        // problem+json, GraphQL's SERVICE_UNAVAILABLE), headers included.
        pressureHandler: async function shed(_request, reply, type, value) {
          if (Date.now() - readyAt < START_GRACE_MS) return
          reply.header('retry-after', String(RETRY_AFTER_PRESSURE_S))
          throw new HttpProblem(
            503,
            `The API is overloaded (${type}: ${Math.round(Number(value))}); retry in ${RETRY_AFTER_PRESSURE_S} s.`)
        }
      })
    }
    if (RATE_LIMIT_PER_MINUTE > 0) {
      await app.register(rateLimit, {
        global: true,
        max: RATE_LIMIT_PER_MINUTE,
        timeWindow: 60_000,
        // RateLimit-Limit/-Remaining/-Reset (draft-ietf-httpapi-ratelimit-headers).
        enableDraftSpec: true,
        // request.ip honours TRUST_PROXY: behind a proxy, the client's address, not the proxy's.
        keyGenerator: (request) => request.ip,
        allowList: (request) => PROBES.has(request.url.split('?')[0] ?? ''),
        errorResponseBuilder: (_request, context) =>
          new HttpProblem(429, `More than ${context.max} requests a minute from your address; retry in ${context.after}.`)
      })
    }
  },
  { name: 'rate-limit', dependencies: ['config', 'errors'] }
)
