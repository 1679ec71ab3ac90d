import fp from 'fastify-plugin'
import { bootstrapDatabase } from '../db/bootstrap.js'
import { type DatabaseHandle, openDatabase } from '../db/client.js'
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
 * otherwise), brings it up to date, and closes it with the app.
 */
export default fp<DatabasePluginOptions>(
  async function databasePlugin(app, options) {
    const { config } = app
    let handle = options.database
    if (!handle) {
      handle = config.DATABASE_URL
        ? await openDatabase({ kind: 'server', url: config.DATABASE_URL, poolSize: config.DATABASE_POOL_SIZE, connectTimeoutS: config.DATABASE_CONNECT_TIMEOUT_S })
        : await openDatabase({ kind: 'embedded', dataDir: config.AIO_DB_DIR })
      app.log.info(
        config.DATABASE_URL ? { mode: 'server' } : { mode: 'embedded', dir: config.AIO_DB_DIR },
        'database opened'
      )
      try {
        await bootstrapDatabase(handle, { dataDir: config.AIO_DATA_DIR, log: app.log, progress: consoleProgress() })
      } catch (error) {
        await handle.close()
        throw error
      }
    }
    const opened = handle
    app.decorate('database', opened)
    app.addHook('onClose', async () => {
      await opened.close()
    })
  },
  { name: 'database', dependencies: ['config'] }
)
