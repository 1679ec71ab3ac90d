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
        tags: [
          { name: 'glossaire', description: 'Structure types, missions, publics and needs' },
          { name: 'territoires', description: 'Régions, départements and communes' },
          { name: 'lieux', description: 'AIO offices and the organisations behind them' },
          { name: 'orientation', description: 'Who can help me, near me?' },
          { name: 'exports', description: 'Bulk files (CSV, GeoJSON, NDJSON) with their Table Schemas and Data Package' },
          { name: 'service', description: 'Health and documentation' }
        ]
      },
      // GraphQL (/graphql, /graphiql) has its own contract, the SDL in schema/graphql/.
      transform: (input) =>
        /^\/graph(i)?ql/.test(input.url) ? { schema: { ...input.schema, hide: true }, url: input.url } : withMediaTypes(jsonSchemaTransform(input)),
      transformObject: jsonSchemaTransformObject
    })
    await app.register(swaggerUi, { routePrefix: '/docs' })

    app.get('/openapi.json', { schema: { hide: true } }, function openapiDocument() {
      return app.swagger()
    })
  },
  { name: 'openapi', dependencies: ['errors'] }
)
