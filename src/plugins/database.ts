import fp from 'fastify-plugin'
import { bootstrapDatabase } from '../bootstrap.js'
import { type DatabaseHandle, openDatabase } from '../db/client.js'
import { holdEmbedded } from '../db/embedded-holder.js'
import { readContext, routedHandle } from '../db/replicas.js'
import { consoleProgress } from '../lib/progress.js'

declare module 'fastify' {
  interface FastifyInstance {
    database: DatabaseHandle
  }
}

export interface DatabasePluginOptions {
  /** An already prepared database (tests); otherwise one is opened from the config. */
  database?: DatabaseHandle
}

/**
 * Opens the database the config points to (server when DATABASE_URL is set, embedded
 * otherwise), brings it up to date, sends reads to the replicas of DATABASE_READ_URL, and
 * closes it with the app.
 */
export default fp<DatabasePluginOptions>(
  async function databasePlugin(app, options) {
    const { config } = app
    let handle = options.database
    if (!handle) {
      handle = config.DATABASE_URL
        ? await openDatabase({ kind: 'server', url: config.DATABASE_URL, poolSize: config.DATABASE_POOL_SIZE, connectTimeoutS: config.DATABASE_CONNECT_TIMEOUT_S, prepare: config.DATABASE_PREPARE })
        : await openDatabase({ kind: 'embedded', dataDir: config.AIO_DB_DIR })
      if (!config.DATABASE_URL) {
        // Tells `npm run refresh` and the other tools that this process holds the folder.
        const release = holdEmbedded(config.AIO_DB_DIR)
        app.addHook('onClose', async () => release())
      }
      app.log.info(
        config.DATABASE_URL ? { mode: 'server' } : { mode: 'embedded', dir: config.AIO_DB_DIR },
        'database opened'
      )
      try {
        await bootstrapDatabase(handle, { dataDir: config.AIO_DATA_DIR, downloadDir: config.AIO_DOWNLOAD_DIR, log: app.log, progress: consoleProgress() })
      } catch (error) {
        await handle.close()
        throw error
      }
    }
    if (config.DATABASE_READ_URL.length > 0) {
      const replicas = await Promise.all(config.DATABASE_READ_URL.map(async (url) => ({
        // Host, port and database: never the password, in logs or /ready.
        name: (({ host, pathname }) => `${host}${pathname}`)(new URL(url)),
        handle: await openDatabase({ kind: 'server', url, poolSize: config.DATABASE_POOL_SIZE, connectTimeoutS: config.DATABASE_CONNECT_TIMEOUT_S, prepare: config.DATABASE_PREPARE }),
        up: true
      })))
      handle = routedHandle(handle, replicas, app.log)
      app.log.info({ replicas: replicas.map((r) => r.name) }, 'reads on streaming replicas')
      // Which database this request may read from: a replica for an anonymous GET or HEAD (and
      // for an anonymous GraphQL query sent by POST, which the GraphQL module says once it has
      // read the document). Chosen once the body is read, so that the handler runs in it.
      app.addHook('preHandler', function chooseDatabase(request, _reply, done) {
        const reads = (request.method === 'GET' || request.method === 'HEAD') && !request.headers.authorization
        readContext.run({ replica: reads }, done)
      })
    }
    const opened = handle
    app.decorate('database', opened)
    app.addHook('onClose', async () => {
      await opened.close()
    })
  },
  { name: 'database', dependencies: ['config'] }
)
