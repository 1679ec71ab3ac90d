// GET /v1/changements: what changed since a token, for mirrors (partner portals, reusers of the
// exports) that follow the data without downloading everything again.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { problemResponses } from '../../lib/problem.js'
import { publicOrigin } from '../../lib/public-url.js'
import { changesPageSchema, changesQuery } from './schemas.js'

export const changesRoutes: FastifyPluginAsyncZod = async function changesRoutes(app) {
  app.get(
    '/v1/changements',
    {
      schema: {
        tags: ['exports'],
        summary: 'The change feed: lieux and structures created, changed or closed since a token, in commit order',
        description:
          'Start from the `Changements-Jeton` header of an export (or 0), apply each change to your copy — replace the line ' +
          'of that id with `csv`, or remove it for a `fermeture` — then follow `suivant`, and later poll with `jeton`. ' +
          'Imports and the structures’ own edits both appear. A mirror that applies the feed to an older lieux.csv ends ' +
          'with the very bytes of a fresh export.',
        querystring: changesQuery,
        response: { 200: changesPageSchema, 400: problemResponses[400], 500: problemResponses[500] }
      }
    },
    async function listChanges(request) {
      const { depuis, limit } = request.query
      const data = await app.changes.since(depuis, limit)
      const jeton = String(data.length > 0 ? data[data.length - 1]!.sequence : depuis)
      const next = new URL('/v1/changements', 'http://x')
      next.searchParams.set('depuis', jeton)
      next.searchParams.set('limit', String(limit))
      const suivant = data.length === limit ? `${publicOrigin(request, app.config)}${next.pathname}${next.search}` : null
      return { data, jeton, suivant }
    }
  )
}
