// Requests refused before any handler runs, whatever the route.
import fp from 'fastify-plugin'
import { HttpProblem } from '../lib/problem.js'

/** The first value holding a NUL byte, with its name (a dotted path inside a JSON body). */
function nulIn(values: unknown, prefix = ''): string | null {
  if (!values || typeof values !== 'object') return null
  for (const [name, value] of Object.entries(values as Record<string, unknown>)) {
    const list = Array.isArray(value) ? value : [value]
    if (list.some((v) => typeof v === 'string' && v.includes('\u0000'))) return `${prefix}${name}`
    for (const v of list) {
      const inner = typeof v === 'object' ? nulIn(v, `${prefix}${name}.`) : null
      if (inner) return inner
    }
  }
  return null
}

/**
 * Input no handler can use, refused before any of them runs: a NUL byte in a query parameter, a
 * path segment or a JSON body (GraphQL variables): PostgreSQL text cannot hold one, and it would
 * fail as a 500 deep in a query.
 */
export default fp(
  async function inputGuards(app) {
    app.addHook('preValidation', async function refuseNulBytes(request) {
      const found = ([['query', request.query], ['path', request.params], ['body', request.body]] as const)
        .map(([where, values]) => ({ where, name: nulIn(values) }))
        .find((f) => f.name !== null)
      if (found?.name) {
        throw new HttpProblem(400, `${found.name}: must not contain a NUL byte (%00)`, [
          { name: found.name, in: found.where, reason: 'must not contain a NUL byte (%00)' }
        ])
      }
    })
  },
  { name: 'input-guards', dependencies: ['errors'] }
)
