// GET /v1/sources: where the data comes from, how old it is, and how to credit it.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { problemResponses } from '../../lib/problem.js'
import { sourceListSchema } from './schemas.js'
import { datedSources } from './service.js'

export const sourcesRoutes: FastifyPluginAsyncZod = async function sourcesRoutes(app) {
  app.get(
    '/v1/sources',
    {
      schema: {
        tags: ['sources'],
        summary: 'The sources of the data: file, dates, counts, licence and attribution',
        description:
          'For each source: the file last applied as its publisher named and dated it, when it was downloaded and applied, what that ' +
          'did, and the attribution its licence asks for (Licence Ouverte 2.0: producer, file name and date, download address).',
        response: { 200: sourceListSchema, 500: problemResponses[500] }
      }
    },
    async function listSources() {
      return { sources: await datedSources(app.database) }
    }
  )
}
