// Writes by the structures themselves (with a key), and the public history of each lieu.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { notFound, problemResponses, problemSchema } from '../../lib/problem.js'
import { lieuEtag } from '../sites/etag.js'
import { lieuSchema } from '../sites/schemas.js'
import { historiqueSchema, lieuPatchSchema } from './schemas.js'
import { patchLieu } from './service.js'

const lieuParams = z.strictObject({ id: z.string().min(1).max(200).meta({ example: 'dila-cio-02691-01' }) })

/** The refusals a write may get, beside the ones every route declares. */
export const writeResponses = {
  401: problemSchema.describe('No key, or a key that is malformed, unknown, revoked or expired (WWW-Authenticate says so)'),
  403: problemSchema.describe('The key may not edit this lieu (another structure’s, or outside its network or département)'),
  412: problemSchema.describe('If-Match is not the lieu’s current ETag: it changed since it was read (the response carries the current ETag)'),
  428: problemSchema.describe('If-Match is missing: send the ETag that GET /v1/lieux/{id} gave')
} as const

export const contributionsRoutes: FastifyPluginAsyncZod = async function contributionsRoutes(app) {
  app.patch(
    '/v1/lieux/:id',
    {
      onRequest: app.requireKey,
      bodyLimit: 16 * 1024,
      schema: {
        tags: ['contributions'],
        summary: 'Change a lieu (its structure, with its key): JSON Merge Patch, with If-Match',
        description:
          'Send `Authorization: Bearer <key>` and `If-Match` with the ETag of `GET /v1/lieux/{id}`. The body names the fields ' +
          'to change (`application/merge-patch+json` or `application/json`): null clears a field, a field left out stays. ' +
          'The change and its history are written together; the answer is the lieu as it now is, with its new ETag. ' +
          'A field a structure publishes is kept by later imports of older records (see the README, "Precedence over imports").',
        params: lieuParams,
        headers: z.object({ 'if-match': z.string().max(200).optional().meta({ description: 'The lieu’s ETag, as GET /v1/lieux/{id} gave it' }) }),
        body: lieuPatchSchema,
        security: [{ cle: [] }],
        response: {
          200: lieuSchema,
          400: problemResponses[400],
          ...writeResponses,
          404: problemResponses[404],
          500: problemResponses[500]
        }
      }
    },
    async function patchLieuRoute(request, reply) {
      await patchLieu(app, request.cle!, request.params.id, request.headers['if-match'], request.body)
      const found = await app.sites.getLieuVersioned(request.params.id)
      if (!found) throw notFound(`No lieu with id ${request.params.id}.`)
      reply.header('etag', lieuEtag(found.version))
      return found.lieu
    }
  )

  app.get(
    '/v1/lieux/:id/historique',
    {
      schema: {
        tags: ['contributions'],
        summary: 'The changes the structures made to a lieu, oldest first: which key, when, the fields before and after',
        params: lieuParams,
        response: { 200: historiqueSchema, 400: problemResponses[400], 404: problemResponses[404], 500: problemResponses[500] }
      }
    },
    async function lieuHistory(request) {
      if (!(await app.sites.getLieu(request.params.id))) throw notFound(`No lieu with id ${request.params.id}.`)
      const data = await app.contributions.history('lieu', request.params.id)
      return { data, total: data.length }
    }
  )
}
