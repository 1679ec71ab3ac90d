// REST routes of the bulk exports: the catalogue, the Data Package, the Table Schemas and
// the files themselves, streamed, with conditional GET.
import { Readable } from 'node:stream'
import type { FastifyReply, FastifyRequest } from 'fastify'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { matchesIfNoneMatch } from '../../lib/conditional.js'
import { HttpProblem, problemResponses, problemSchema } from '../../lib/problem.js'
import { publicOrigin } from '../../lib/public-url.js'
import { checkPositionParams, lieuFilterShape } from '../sites/query.js'
import { DATASET_NAMES, DATASETS, type Dataset, type ExportFormat, FORMATS, MEDIA_TYPES, mediaTypeOf } from './datasets.js'
import { type ExportResource, LICENCE, dataPackage, resourceName, tableSchemaOf } from './package.js'
import type { Revision } from './repository.js'
import { fileName, resolveExportRequest } from './service.js'

const FILE_NAME = new RegExp(`^(${DATASET_NAMES.join('|')})\\.(${FORMATS.join('|')})$`)
const SCHEMA_NAME = new RegExp(`^(${DATASET_NAMES.join('|')})\\.json$`)

export const exportFileQuery = z.strictObject(lieuFilterShape).superRefine((q, ctx) => {
  checkPositionParams(q, ctx)
  const positioned = q.lat !== undefined || q.code_commune !== undefined || q.code_postal !== undefined
  if (positioned && q.rayon === undefined) {
    ctx.addIssue({ code: 'custom', path: ['rayon'], message: 'an export keeps every lieu within a distance: a position needs rayon' })
  }
})

const resourceSchema = z
  .object({
    name: z.string().meta({ example: 'lieux' }),
    dataset: z.enum(DATASET_NAMES),
    format: z.enum(FORMATS),
    mediatype: z.string().meta({ example: 'text/csv' }),
    url: z.string().meta({ example: 'https://api.example.fr/v1/exports/lieux.csv' }),
    schema: z.string().nullable().meta({ description: 'Table Schema of a CSV' }),
    rows: z.number().int(),
    bytes: z.number().int(),
    hash: z.string().meta({ description: 'SHA-256 of the file', example: 'sha256:9f86d08…' }),
    last_modified: z.string().meta({ description: 'When its data last changed (ISO 8601)' }),
    etag: z.string()
  })
  .meta({ id: 'ExportResource' })

const catalogueSchema = z
  .object({
    licence: z.object({ name: z.string(), title: z.string(), path: z.string() }),
    datapackage: z.string().meta({ description: 'URL of the Data Package describing the files and their sources' }),
    resources: z.array(resourceSchema)
  })
  .meta({ id: 'ExportCatalogue' })

const anyJson = z.record(z.string(), z.unknown())
/** Unknown query parameters are refused, as everywhere in the API. */
const noParameters = z.strictObject({})

/** Whether the client's copy is current (RFC 9110 §13.1: If-None-Match first, weak comparison). */
function isNotModified(request: FastifyRequest, revision: Revision): boolean {
  const ifNoneMatch = request.headers['if-none-match']
  if (ifNoneMatch) return matchesIfNoneMatch(ifNoneMatch, revision.etag)
  const since = Date.parse(request.headers['if-modified-since'] ?? '')
  return Number.isFinite(since) && Math.floor(revision.lastModified.getTime() / 1000) * 1000 <= since
}

function setValidators(reply: FastifyReply, revision: Revision) {
  reply.header('etag', revision.etag)
  reply.header('last-modified', revision.lastModified.toUTCString())
  // Cached copies are checked on every use: a cheap 304 while the data has not changed.
  reply.header('cache-control', 'public, no-cache')
}

export const exportsRoutes: FastifyPluginAsyncZod = async function exportsRoutes(app) {
  const service = app.exports
  // Downloads in progress: each may hold a database connection for as long as its client
  // reads, so that a few slow clients cannot take the pool from the rest of the API.
  let streaming = 0
  const { EXPORTS_MAX_CONCURRENT } = app.config
  const baseOf = (request: FastifyRequest) => publicOrigin(request, app.config)
  const fileUrl = (request: FastifyRequest, r: { dataset: Dataset; format: ExportFormat }) =>
    `${baseOf(request)}/v1/exports/${r.dataset.name}.${r.format}`
  const schemaUrl = (request: FastifyRequest, dataset: Dataset) => `${baseOf(request)}/v1/exports/schemas/${dataset.name}.json`

  app.get(
    '/v1/exports',
    {
      schema: {
        tags: ['exports'],
        summary: 'The bulk files: for each, its URL, size, rows, checksum and last change',
        description:
          'Every dataset as CSV (with its Table Schema) and NDJSON, and the lieux also as GeoJSON. Sizes and checksums are ' +
          'those of the whole files; they are measured when the data changes, so the first call after a change takes longer.',
        querystring: noParameters,
        response: { 200: catalogueSchema, 400: problemResponses[400], 500: problemResponses[500] }
      }
    },
    async function listExports(request) {
      const resources = await service.resources()
      return {
        licence: LICENCE,
        datapackage: `${baseOf(request)}/v1/exports/datapackage.json`,
        resources: resources.map((r: ExportResource) => ({
          name: resourceName(r),
          dataset: r.dataset.name,
          format: r.format,
          mediatype: mediaTypeOf(r.format),
          url: fileUrl(request, r),
          schema: r.format === 'csv' ? schemaUrl(request, r.dataset) : null,
          rows: r.rows,
          bytes: r.bytes,
          hash: r.hash,
          last_modified: r.lastModified.toISOString(),
          etag: r.etag
        }))
      }
    }
  )

  app.get(
    '/v1/exports/datapackage.json',
    {
      schema: {
        tags: ['exports'],
        summary: 'The Data Package (Frictionless) of the exports: files, Table Schemas, licence, sources',
        querystring: noParameters,
        response: { 200: anyJson.meta({ description: 'Data Package' }), 400: problemResponses[400], 500: problemResponses[500] }
      }
    },
    async function getDataPackage(request) {
      const resources = await service.resources()
      return dataPackage({
        resources,
        sources: await service.sources(),
        // Without a known origin, paths relative to the package itself, as Frictionless has them.
        pathOf: (r) => (baseOf(request) ? fileUrl(request, r) : `${r.dataset.name}.${r.format}`),
        schemaPathOf: (d) => (baseOf(request) ? schemaUrl(request, d) : `schemas/${d.name}.json`),
        created: new Date(Math.max(...resources.map((r) => r.lastModified.getTime())))
      })
    }
  )

  app.get(
    '/v1/exports/schemas/:fichier',
    {
      schema: {
        tags: ['exports'],
        summary: 'The Table Schema of a CSV export',
        params: z.strictObject({
          fichier: z.string().regex(SCHEMA_NAME, `must be one of ${DATASET_NAMES.map((d) => `${d}.json`).join(', ')}`).meta({ example: 'lieux.json' })
        }),
        response: { 200: anyJson.meta({ description: 'Table Schema (Frictionless)' }), 400: problemResponses[400], 500: problemResponses[500] }
      }
    },
    async function getTableSchema(request) {
      const name = request.params.fichier.replace(/\.json$/, '') as Dataset['name']
      return tableSchemaOf(DATASETS[name])
    }
  )

  app.get(
    '/v1/exports/:fichier',
    {
      schema: {
        tags: ['exports'],
        summary: 'A whole dataset, or an extract of the lieux or structures, as CSV, GeoJSON or NDJSON',
        description:
          'Streamed from the database. CSV: UTF-8, comma, RFC 4180, a header row, lists joined by |, ISO 8601 dates, coordinates ' +
          'with 6 decimals (see its Table Schema). GeoJSON: an RFC 7946 FeatureCollection (lieux only). NDJSON: one JSON object ' +
          'per line, the CSV columns with lists as arrays. The /v1/lieux filters apply to lieux and structures (the structures ' +
          'with a lieu kept), a position with rayon. ETag and Last-Modified: send If-None-Match or If-Modified-Since for a 304. ' +
          'Compressed (br, gzip) when Accept-Encoding asks.',
        params: z.strictObject({
          fichier: z.string().regex(FILE_NAME, `must be <dataset>.<format>: dataset one of ${DATASET_NAMES.join(', ')}; format one of ${FORMATS.join(', ')}`)
            .meta({ example: 'lieux.csv' })
        }),
        querystring: exportFileQuery,
        response: {
          200: z.string().meta({
            description: 'The file: CSV, GeoJSON or NDJSON',
            mediaTypes: ['text/csv', 'application/geo+json', 'application/x-ndjson']
          }),
          304: z.null().meta({ description: 'Not modified: the copy named by If-None-Match or If-Modified-Since is current' }),
          400: problemResponses[400],
          500: problemResponses[500],
          503: problemSchema.describe('Too many downloads in progress: retry after the Retry-After delay')
        }
      }
    },
    async function getExportFile(request, reply) {
      const [, name, format] = FILE_NAME.exec(request.params.fichier) as unknown as [string, Dataset['name'], ExportFormat]
      const exportRequest = await resolveExportRequest(app, DATASETS[name], format, request.query)
      const { dataset, filters } = exportRequest
      const revision = await service.repository.revision(exportRequest)
      setValidators(reply, revision)
      if (isNotModified(request, revision)) return reply.code(304).send(null)
      // Read before the file (never for a 304): GET /v1/changements?depuis=<this> brings a copy of it up to date.
      reply.header('changements-jeton', String(await app.sites.changeToken()))
      const disposition = `attachment; filename="${fileName(filters ? new Date() : revision.lastModified, dataset, format, Boolean(filters))}"`
      reply.type(MEDIA_TYPES[format]).header('content-disposition', disposition)
      // HEAD: the headers only, without starting an export that no one would read (an empty
      // buffer: a string would get a charset added to the content type).
      if (request.method === 'HEAD') return reply.send(Buffer.alloc(0) as unknown as string)
      if (streaming >= EXPORTS_MAX_CONCURRENT) {
        throw new HttpProblem(503, `${streaming} downloads in progress, the most this server streams at once; retry shortly`, undefined, { 'retry-after': '10' })
      }
      streaming++
      const reader = new AbortController()
      // 'close': the response was sent in full, or its client went away (then stop reading).
      reply.raw.once('close', () => {
        streaming--
        reader.abort() // a no-op once the export has been read in full
      })
      // A stream is sent as it is, never serialised: the 200 schema documents the file it makes.
      const body = Readable.from(service.repository.chunks(exportRequest, undefined, reader.signal), { objectMode: false })
      return reply.send(body as unknown as string)
    }
  )
}
