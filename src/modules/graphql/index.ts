import { Ajv } from 'ajv'
import fp from 'fastify-plugin'
import { Kind, type OperationDefinitionNode } from 'graphql'
import mercurius from 'mercurius'
import { readsOnly } from '../../db/replicas.js'
import { errorFormatter } from './errors.js'
import { graphiqlRoutes } from './graphiql.js'
import { aliasLimit, LIMITS, noNulBytes, notParsedFromText, queryLimits, tooManyFields } from './limits.js'
import { checkTransport, querySource } from './transport.js'
import { loaders } from './loaders.js'
import { resolvers } from './resolvers.js'
import { typeDefs } from './schema.js'

/**
 * GraphQL at /graphql (GraphiQL at /graphiql): the REST capabilities in one query, through
 * the same services and repositories. Depth, cost, alias, token and field limits refuse
 * abusive queries before they run.
 */
export default fp(
  async function graphqlModule(app) {
    await app.register(graphiqlRoutes)
    // mercurius declares its routes with JSON Schema: in their own context they get a JSON
    // Schema validator instead of the app's zod compilers.
    await app.register(async function graphqlContext(instance) {
      const ajv = new Ajv({ coerceTypes: 'array', useDefaults: true, removeAdditional: true })
      instance.setValidatorCompiler(({ schema }) => ajv.compile(schema))
      instance.setSerializerCompiler(() => (data) => JSON.stringify(data))
      // Requests GraphQL over HTTP does not define are refused as such, before mercurius reads them.
      instance.addHook('preValidation', checkTransport)
      await instance.register(mercurius, {
        schema: typeDefs,
        resolvers,
        loaders,
        // GraphiQL is served by graphiql.ts, from local assets.
        graphiql: false,
        path: '/graphql',
        validationRules: [queryLimits, aliasLimit, noNulBytes],
        graphql: { parseOptions: { maxTokens: LIMITS.tokens } },
        errorFormatter: errorFormatter as never,
        // Validated query documents are cached; the rules above run once per distinct query.
        cache: 1024
      })
      // Before graphql-js's own rules, whose cost grows with the square of repeated fields.
      instance.graphql.addHook('preValidation', async function boundDocument(_schema, document, context) {
        const refused = notParsedFromText(document, querySource(context.reply.request)) ?? tooManyFields(document)
        if (refused) throw Object.assign(new Error(refused.message), { errors: [refused] })
      })
      // A query without a key only reads: it may read a replica (DATABASE_READ_URL), as a GET would.
      instance.graphql.addHook('preExecution', async function readsOnReplica(_schema, document, context) {
        const request = context.reply.request
        if (request.method !== 'POST' || request.headers.authorization) return
        const name = (request.body as { operationName?: string } | undefined)?.operationName
        const operation = document.definitions.find((d): d is OperationDefinitionNode =>
          d.kind === Kind.OPERATION_DEFINITION && (!name || d.name?.value === name))
        if (operation?.operation === 'query') readsOnly()
      })
      // mercurius's decoration lives in this context: expose it to the app (tests, scripts).
      app.decorate('graphql', instance.graphql)
    })
  },
  { name: 'graphql', dependencies: ['glossary', 'territories', 'sites', 'orientation', 'contributions'] }
)
