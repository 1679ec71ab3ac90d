// REST routes of the lieux and structures: /v1/lieux, /v1/structures.
import type { FastifyReply, FastifyRequest } from 'fastify'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { notFound, problemResponses } from '../../lib/problem.js'
import { varyOn } from '../../lib/vary.js'
import { instantOf, instantParam, withOuverture } from '../opening/answer.js'
import { lieuEtag, structureEtag } from './etag.js'
import { lieuxQuery, structuresQuery, urlWithCursor } from './query.js'
import { lieuxPage, structuresPage } from './service.js'
import {
  GEOJSON,
  type Lieu,
  lieuFeatureCollectionSchema,
  lieuPageSchema,
  lieuSchema,
  structureDetailSchema,
  structureSchema
} from './schemas.js'

/** GeoJSON when `format=geojson`, or without `format` when Accept asks for it (then the answer varies with Accept). */
export function wantsGeoJson(request: FastifyRequest, reply: FastifyReply, format: string | undefined): boolean {
  if (format) return format === 'geojson'
  varyOn(reply, 'Accept')
  return (request.headers.accept ?? '').includes(GEOJSON)
}

export function toFeature({ latitude, longitude, ...properties }: Lieu) {
  return { type: 'Feature' as const, id: properties.id, geometry: { type: 'Point' as const, coordinates: [longitude, latitude] as [number, number] }, properties }
}

export const sitesRoutes: FastifyPluginAsyncZod = async function sitesRoutes(app) {
  const repo = app.sites

  app.get(
    '/v1/lieux',
    {
      schema: {
        tags: ['lieux'],
        summary: 'AIO offices: near a person, in a territory, by type, mission, public or need',
        description:
          'Every filter combines with the others. With a position (lat+lon, code_commune or code_postal) the lieux come nearest first ' +
          'with distance_m, with no cutoff unless rayon is given; otherwise by name. Keyset pagination: pass next_cursor as cursor ' +
          '(also given as a Link header); pages neither repeat nor skip a lieu, even while lieux are added. ' +
          'As GeoJSON with Accept: application/geo+json or format=geojson.',
        querystring: lieuxQuery,
        response: {
          200: z.union([lieuPageSchema, lieuFeatureCollectionSchema]),
          400: problemResponses[400],
          500: problemResponses[500]
        }
      }
    },
    async function listLieux(request, reply) {
      const { format, ...query } = request.query
      const page = await lieuxPage(app, query)
      const next = page.next_cursor ? urlWithCursor(request, app.config, page.next_cursor) : null
      if (next) reply.header('link', `<${next}>; rel="next"`)
      if (wantsGeoJson(request, reply, format)) {
        reply.type(GEOJSON)
        return { type: 'FeatureCollection' as const, features: page.data.map(toFeature), next_cursor: page.next_cursor, next }
      }
      return { ...page, next }
    }
  )

  app.get(
    '/v1/lieux/:id',
    {
      schema: {
        tags: ['lieux'],
        summary: 'One lieu, with its type and structure',
        params: z.strictObject({ id: z.string().min(1).max(200).meta({ example: 'dila-cio-02691-01' }) }),
        querystring: z.strictObject({ a: instantParam }),
        response: { 200: lieuSchema, 400: problemResponses[400], 404: problemResponses[404], 500: problemResponses[500] }
      }
    },
    async function getLieu(request, reply) {
      const found = await repo.getLieuVersioned(request.params.id)
      if (!found) throw notFound(`No lieu with id ${request.params.id}.`)
      // The ETag is the lieu's version, which a structure sends back in If-Match to edit it. No 304:
      // the answer also says whether the lieu is open now, which changes without a new version.
      reply.header('etag', lieuEtag(found.version)).header('cache-control', 'no-cache')
      return withOuverture(found.lieu, instantOf(request.query.a))
    }
  )

  app.get(
    '/v1/structures',
    {
      schema: {
        tags: ['lieux'],
        summary: 'Organisations, with the number of their lieux',
        querystring: structuresQuery,
        response: {
          200: z.object({ data: z.array(structureSchema), next_cursor: z.string().nullable(), next: z.string().nullable() }).meta({ id: 'StructurePage' }),
          400: problemResponses[400],
          500: problemResponses[500]
        }
      }
    },
    async function listStructures(request, reply) {
      const page = await structuresPage(app, request.query)
      const next = page.next_cursor ? urlWithCursor(request, app.config, page.next_cursor) : null
      if (next) reply.header('link', `<${next}>; rel="next"`)
      return { ...page, next }
    }
  )

  app.get(
    '/v1/structures/:id',
    {
      schema: {
        tags: ['lieux'],
        summary: 'One organisation, with its lieux',
        params: z.strictObject({ id: z.string().min(1).max(200).meta({ example: 'france-travail' }) }),
        response: { 200: structureDetailSchema, 400: problemResponses[400], 404: problemResponses[404], 500: problemResponses[500] }
      }
    },
    async function getStructure(request, reply) {
      const structure = await repo.getStructure(request.params.id)
      if (!structure) throw notFound(`No structure with id ${request.params.id}.`)
      // The ETag a structure sends back in If-Match to edit itself (PATCH /v1/structures/{id}).
      reply.header('etag', structureEtag((await repo.structureVersion(request.params.id)) ?? 0)).header('cache-control', 'no-cache')
      return structure
    }
  )
}
