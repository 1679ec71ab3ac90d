// Requests refused before any handler runs, whatever the route.
import fp from 'fastify-plugin'
import { HttpProblem } from '../lib/problem.js'

/** The first value holding a NUL byte, with its parameter's name. */
function nulIn(values: unknown, prefix = ''): string | null {
  if (!values || typeof values !== 'object') return null
  for (const [name, value] of Object.entries(values as Record<string, unknown>)) {
    const list = Array.isArray(value) ? value : [value]
    if (list.some((v) => typeof v === 'string' && v.includes('\u0000'))) return `${prefix}${name}`
  }
  return null
}

/**
 * Input no handler can use, refused before any of them runs: a NUL byte in a query parameter or
 * a path segment (PostgreSQL text cannot hold one: it would fail as a 500 deep in a query).
 */
export default fp(
  async function inputGuards(app) {
    app.addHook('preValidation', async function refuseNulBytes(request) {
      const inQuery = nulIn(request.query)
      const inPath = inQuery ? null : nulIn(request.params)
      const name = inQuery ?? inPath
      if (name) {
        throw new HttpProblem(400, `${name}: must not contain a NUL byte (%00)`, [
          { name, in: inQuery ? 'query' : 'path', reason: 'must not contain a NUL byte (%00)' }
        ])
      }
    })
  },
  { name: 'input-guards', dependencies: ['errors'] }
)
