import swagger from '@fastify/swagger'
import swaggerUi from '@fastify/swagger-ui'
import fp from 'fastify-plugin'
import { jsonSchemaTransform, jsonSchemaTransformObject } from 'fastify-type-provider-zod'

export const API_VERSION = '1.0.0'

type Transformed = ReturnType<typeof jsonSchemaTransform>

/**
 * A response that is not JSON (the export files) says its media types in its zod meta,
 * `mediaTypes: [...]`; the document then lists each instead of application/json.
 */
function withMediaTypes(result: Transformed): Transformed {
  const responses = (result.schema as { response?: Record<string, Record<string, unknown>> }).response ?? {}
  for (const [status, schema] of Object.entries(responses)) {
    const { mediaTypes, description, $id: _id, ...rest } = schema
    if (Array.isArray(mediaTypes)) {
      responses[status] = { description, content: Object.fromEntries(mediaTypes.map((type: string) => [type, { schema: { ...rest } }])) }
    }
  }
  return result
}

interface Response { description?: string; content?: Record<string, unknown> }
interface Document {
  paths?: Record<string, Record<string, { responses?: Record<string, Response> }>>
  components?: { schemas?: Record<string, unknown>; [key: string]: unknown }
  [key: string]: unknown
}

const PROBLEM_REF = { $ref: '#/components/schemas/Problem' }

/** Responses every operation may give, whatever its own: refused input, rate limit, overload or outage. */
const COMMON_RESPONSES: Record<string, string> = {
  400: 'Invalid parameter',
  429: 'Too many requests from this address (RateLimit and Retry-After headers say when to retry)',
  503: 'Overloaded or database unavailable (Retry-After says when to retry)'
}

const NOT_MODIFIED = 'Not modified: the ETag If-None-Match names still holds (no body)'

/** Probes are not rate limited (plugins/rate-limit.ts), nor cached. */
const NOT_LIMITED = new Set(['/health', '/ready'])

/** Names of the component schemas a document refers to, directly or through other components. */
function referencedSchemas(document: Document): Set<string> {
  const names = new Set<string>()
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) value.forEach(visit)
    else if (value && typeof value === 'object') {
      for (const [key, inner] of Object.entries(value)) {
        if (key === '$ref' && typeof inner === 'string' && inner.startsWith('#/components/schemas/')) {
          const name = inner.slice('#/components/schemas/'.length)
          if (!names.has(name)) {
            names.add(name)
            visit(document.components?.schemas?.[name])
          }
        } else visit(inner)
      }
    }
  }
  visit(document.paths)
  return names
}

/**
 * The document as the API behaves: error bodies are application/problem+json, every
 * operation lists the refusals any request may get, no security is required, the server is
 * the public origin, and the zod provider's unused input variants of the schemas are dropped.
 */
function asServed(document: Document, publicBaseUrl: string | undefined): Document {
  for (const [url, operations] of Object.entries(document.paths ?? {})) {
    for (const [method, operation] of Object.entries(operations)) {
      const responses = (operation.responses ??= {})
      // Every read answered 200 has an ETag (plugins/http-cache.ts): If-None-Match may get a 304.
      if (method === 'get' && responses['200'] && !NOT_LIMITED.has(url)) responses['304'] ??= { description: NOT_MODIFIED }
      for (const [status, description] of Object.entries(COMMON_RESPONSES)) {
        if (status === '429' && NOT_LIMITED.has(url)) continue
        responses[status] ??= { description, content: { 'application/json': { schema: PROBLEM_REF } } }
      }
      for (const [status, response] of Object.entries(responses)) {
        const json = response.content?.['application/json']
        if (Number(status) >= 400 && json && response.content) {
          response.content = { 'application/problem+json': json }
        }
      }
    }
  }
  const used = referencedSchemas(document)
  const schemas = document.components?.schemas ?? {}
  for (const name of Object.keys(schemas)) if (!used.has(name)) delete schemas[name]
  return {
    ...document,
    servers: [{ url: publicBaseUrl?.replace(/\/$/, '') ?? '/', description: publicBaseUrl ? 'Public address' : 'This server' }],
    // An open-data API: reading needs nothing; the structures' writes say their key (`cle`).
    security: []
  }
}

/**
 * OpenAPI 3.1 generated from the routes' zod schemas, served at /openapi.json, with the
 * interactive documentation at /docs. The same document is committed in openapi/.
 */
export default fp(
  async function openapiPlugin(app) {
    await app.register(swagger, {
      openapi: {
        openapi: '3.1.0',
        info: {
          title: 'API ouverte de l’AIO (accueil, information, orientation)',
          version: API_VERSION,
          description:
            'Who can help me, near me? The glossary of guidance, training and employment networks ' +
            '(CIO, Missions locales, APEC, CIBC, CIDFF, Cap emploi, France Travail, Information Jeunesse...), ' +
            'their missions, the publics they serve, and France’s territories. Open data under Licence Ouverte 2.0.',
          license: { name: 'Licence Ouverte 2.0 (Etalab)', url: 'https://www.etalab.gouv.fr/licence-ouverte-open-licence/' }
        },
        components: {
          securitySchemes: {
            cle: { type: 'http', scheme: 'bearer', bearerFormat: 'aio_<id>_<secret>', description: 'A structure’s key (npm run keys -- create)' }
          }
        },
        tags: [
          { name: 'glossaire', description: 'Structure types, missions, publics and needs' },
          { name: 'territoires', description: 'Régions, départements and communes' },
          { name: 'lieux', description: 'AIO offices and the organisations behind them' },
          { name: 'orientation', description: 'Who can help me, near me?' },
          { name: 'sources', description: 'Where the data comes from, how old it is, how to credit it' },
          { name: 'contributions', description: 'The structures keep their own lieux up to date, with a key; the history of each lieu' },
          { name: 'exports', description: 'Bulk files (CSV, GeoJSON, NDJSON) with their Table Schemas and Data Package' },
          { name: 'data-inclusion', description: 'The lieux in the data·inclusion v1 schema (structures and services), for the social-inclusion ecosystem' },
          { name: 'tuiles', description: 'Vector tiles of the lieux (Mapbox Vector Tile) and their TileJSON, for web maps' },
          { name: 'ogc', description: 'OGC API Features (Part 1: Core, Part 3: queryables) for GIS tools: QGIS, GDAL, ArcGIS' },
          { name: 'service', description: 'Health and documentation' }
        ]
      },
      // GraphQL (/graphql, /graphiql) has its own contract, the SDL in schema/graphql/.
      transform: (input) => {
        if (/^\/graph(i)?ql/.test(input.url)) return { schema: { ...input.schema, hide: true }, url: input.url }
        const result = withMediaTypes(jsonSchemaTransform(input))
        // Each operation is named after its handler (handlers are named functions, house style).
        const name = input.route.handler.name
        const schema = result.schema as { operationId?: string }
        if (name && !schema.operationId) schema.operationId = name
        return result
      },
      transformObject: (input) => asServed(jsonSchemaTransformObject(input) as unknown as Document, app.config.PUBLIC_BASE_URL) as never
    })
    await app.register(swaggerUi, { routePrefix: '/docs' })

    app.get('/openapi.json', { schema: { hide: true } }, function openapiDocument() {
      return app.swagger()
    })
  },
  { name: 'openapi', dependencies: ['config', 'errors'] }
)
