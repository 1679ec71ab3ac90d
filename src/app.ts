// Builds the application: configuration, database, error handling, documentation and the
// domain modules. No module-level instance: tests and the server each build their own.
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify'
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod'
import { type Config, loadConfig } from './config.js'
import type { DatabaseHandle } from './db/client.js'
import changes from './modules/changes/index.js'
import contributions from './modules/contributions/index.js'
import exportsModule from './modules/exports/index.js'
import glossary from './modules/glossary/index.js'
import graphql from './modules/graphql/index.js'
import health from './modules/health/routes.js'
import orientation from './modules/orientation/index.js'
import dataInclusion from './modules/data-inclusion/index.js'
import ogc from './modules/ogc/index.js'
import tiles from './modules/tiles/index.js'
import opening from './modules/opening/index.js'
import sites from './modules/sites/index.js'
import sources from './modules/sources/index.js'
import territories from './modules/territories/index.js'
import widget from './modules/widget/index.js'
import configPlugin from './plugins/config.js'
import databasePlugin from './plugins/database.js'
import errorsPlugin, { clientError, frameworkError } from './plugins/errors.js'
import inputGuards from './plugins/input-guards.js'
import openapiPlugin from './plugins/openapi.js'
import corsPlugin from './plugins/cors.js'
import draining from './plugins/draining.js'
import httpCache from './plugins/http-cache.js'
import rateLimitPlugin from './plugins/rate-limit.js'
import securityHeaders from './plugins/security-headers.js'
import scheduledRefresh from './plugins/scheduled-refresh.js'

export interface BuildOptions {
  config?: Config
  /** A prepared database to use instead of opening one from the config (tests). */
  database?: DatabaseHandle
  fastify?: FastifyServerOptions
  /** Where the log goes instead of standard output (a test that reads it). */
  logStream?: { write(line: string): void }
}

/** TRUST_PROXY as fastify takes it: a hop count becomes the function proxy-addr would build. */
function trustedProxies(value: Config['TRUST_PROXY']): boolean | string | ((address: string, hop: number) => boolean) {
  return typeof value === 'number' ? (_address, hop) => hop < value : value
}

export async function buildApp(options: BuildOptions = {}): Promise<FastifyInstance> {
  const config = options.config ?? loadConfig()
  const app = Fastify({
    // A key is a secret: never logged, whatever a serializer or a debug level would print.
    logger: {
      level: config.LOG_LEVEL,
      redact: { paths: ['req.headers.authorization', 'headers.authorization'], censor: '[secret]' },
      ...(options.logStream ? { stream: options.logStream } : {})
    },
    // Ids run up to 200 characters, as the OpenAPI document says; beyond, a 414 problem.
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 200 },
    frameworkErrors: frameworkError,
    // Client addresses and link origins from X-Forwarded-* only behind proxies said trusted.
    trustProxy: trustedProxies(config.TRUST_PROXY),
    // Against clients that hold connections: headers and request within bounds (checked every
    // second, not Node's 30 s), and a connection idle that long closed, downloads included.
    connectionTimeout: config.HTTP_IDLE_TIMEOUT_MS,
    requestTimeout: config.HTTP_REQUEST_TIMEOUT_MS,
    http: {
      headersTimeout: Math.min(config.HTTP_HEADERS_TIMEOUT_MS, config.HTTP_REQUEST_TIMEOUT_MS),
      requestTimeout: config.HTTP_REQUEST_TIMEOUT_MS,
      connectionsCheckingInterval: 1000
    },
    clientErrorHandler: clientError,
    // During a shutdown, requests already on an open connection are served (with
    // `Connection: close`), not refused with fastify's non-problem 503.
    return503OnClosing: false,
    // The first start creates and loads the embedded database (tens of seconds, more on a
    // slow or busy machine): far beyond fastify's default 10 s for a plugin to start.
    pluginTimeout: 10 * 60_000,
    ...options.fastify
  }).withTypeProvider<ZodTypeProvider>()
  app.setValidatorCompiler(validatorCompiler)
  app.setSerializerCompiler(serializerCompiler)

  await app.register(configPlugin, { config })
  await app.register(errorsPlugin)
  await app.register(draining)
  await app.register(corsPlugin)
  await app.register(securityHeaders)
  // Before the routes: the limit applies to every route registered after it.
  await app.register(rateLimitPlugin)
  await app.register(inputGuards)
  await app.register(httpCache)
  await app.register(openapiPlugin)
  await app.register(databasePlugin, { database: options.database })
  await app.register(health)
  await app.register(scheduledRefresh)
  await app.register(glossary)
  await app.register(territories)
  await app.register(opening)
  await app.register(sites)
  await app.register(sources)
  await app.register(contributions)
  await app.register(orientation)
  await app.register(graphql)
  await app.register(exportsModule)
  await app.register(ogc)
  await app.register(dataInclusion)
  await app.register(tiles)
  await app.register(changes)
  await app.register(widget)
  return app
}
