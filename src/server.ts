// Starts the API: builds the app, listens, and shuts down cleanly on SIGINT/SIGTERM (in-flight
// requests finish, then the database is closed: an unclosed PGlite can lose its last writes).
import { buildApp } from './app.js'
import { ConfigError, loadConfig } from './config.js'
import { closeGracefully } from './shutdown.js'

async function main(): Promise<void> {
  let config
  try {
    config = loadConfig()
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message)
      process.exit(1)
    }
    throw error
  }
  const started = Date.now()
  let app
  try {
    app = await buildApp({ config })
  } catch (error) {
    // Nothing to serve on this machine: one line that says what to do, not a stack trace.
    if ((error as Error).name === 'MissingDataError') {
      console.error((error as Error).message)
      process.exit(1)
    }
    throw error
  }

  let closing = false
  const shutdown = async (signal: string) => {
    if (closing) return
    closing = true
    app.log.info({ signal, graceMs: config.SHUTDOWN_GRACE_MS }, 'shutting down')
    const { exitCode, cut, ms } = await closeGracefully(app, config.SHUTDOWN_GRACE_MS)
    app.log.info({ exitCode, cut, ms }, 'shut down')
    process.exit(exitCode)
  }
  process.once('SIGINT', () => void shutdown('SIGINT'))
  process.once('SIGTERM', () => void shutdown('SIGTERM'))

  await app.listen({ port: config.PORT, host: config.HOST })
  app.log.info({ ms: Date.now() - started }, 'API ready')
}

main().catch((error: unknown) => {
  console.error(error)
  process.exit(1)
})
