// REST routes of the data·inclusion v1 profile: /di/v1/structures and /di/v1/services, paged,
// and the same as whole files beside the other exports.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { problemResponses } from '../../lib/problem.js'
import { absoluteOrigin } from '../../lib/public-url.js'
import { urlWithCursor } from '../sites/query.js'
import { diQuery, diPageSchema } from './schemas.js'
import { diFile, type DiKind, diPage } from './service.js'

const KINDS: DiKind[] = ['structures', 'services']
const NAME = { structures: 'Structures', services: 'Services' }
const WHAT = { structures: 'each lieu as a data·inclusion structure', services: 'each type’s offer at a lieu as a data·inclusion service' }

export const dataInclusionRoutes: FastifyPluginAsyncZod = async function dataInclusionRoutes(app) {
  for (const kind of KINDS) {
    app.get(`/di/v1/${kind}`, {
      schema: {
        tags: ['data-inclusion'],
        // One handler per kind would repeat it; the operation ids say which kind.
        operationId: `listDi${NAME[kind]}`,
        summary: `data·inclusion v1: ${WHAT[kind]}, paged`,
        querystring: diQuery,
        response: { 200: diPageSchema, 400: problemResponses[400], 500: problemResponses[500] }
      }
    }, async function listDiRecords(request, reply) {
      const page = await diPage(app, kind, request.query, absoluteOrigin(request, app.config))
      const next = page.next_cursor ? urlWithCursor(request, app.config, page.next_cursor) : null
      if (next) reply.header('link', `<${next}>; rel="next"`)
      return { ...page, next }
    })

    app.get(`/v1/exports/data-inclusion/${kind}.json`, {
      schema: {
        tags: ['exports', 'data-inclusion'],
        operationId: `downloadDi${NAME[kind]}`,
        summary: `data·inclusion v1: ${WHAT[kind]}, the whole file (a JSON array)`,
        response: { 200: z.array(z.record(z.string(), z.unknown())).meta({ description: 'A JSON array of every record' }), 500: problemResponses[500] }
      }
    }, async function downloadDiRecords(request, reply) {
      reply.type('application/json; charset=utf-8').header('content-disposition', `attachment; filename="data-inclusion-${kind}.json"`)
      // A stream where the schema says array: the file is streamed, a page of lieux at a time.
      return reply.send(diFile(app, kind, absoluteOrigin(request, app.config)) as unknown as Record<string, unknown>[])
    })
  }
}
