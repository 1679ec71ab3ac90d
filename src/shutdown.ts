// Graceful shutdown: stop accepting, let in-flight requests and downloads finish within a
// grace period, cut what is still open after it, close the database, report how it went.
import type { FastifyInstance } from 'fastify'

export interface ShutdownResult {
  /** 0 when everything closed, 1 when closing failed or hung past the grace and a margin. */
  exitCode: 0 | 1
  /** Connections still open at the end of the grace period, then cut. */
  cut: boolean
  ms: number
}

/** Time given to closing (the database, the pool) once the connections are gone. */
const CLOSE_MARGIN_MS = 5000
/** How long a connection may stay idle during the drain. */
const IDLE_AFTER_MS = 1000

export async function closeGracefully(app: FastifyInstance, graceMs: number): Promise<ShutdownResult> {
  const started = Date.now()
  let cut = false
  // fastify's close stops listening, closes idle keep-alive connections, answers requests that
  // still arrive on open ones with `Connection: close`, and waits for the rest before its
  // onClose hooks (the database) run.
  const grace = setTimeout(() => {
    cut = true
    app.log.warn({ graceMs }, 'grace period over: closing the connections still open')
    app.server.closeAllConnections()
  }, graceMs)
  // A connection whose last response was a long download (its headers sent before the drain)
  // goes idle only once it ends: let it idle a second, not the usual keep-alive minute. (Node's
  // server.close() closes the connections idle when it starts; a request a client was sending
  // on one at that instant is reset unread, which clients retry as for any keep-alive race.)
  app.server.keepAliveTimeout = Math.min(app.server.keepAliveTimeout, IDLE_AFTER_MS)
  let hung: NodeJS.Timeout | undefined
  const deadline = new Promise<'hung'>((resolve) => {
    hung = setTimeout(() => resolve('hung'), graceMs + CLOSE_MARGIN_MS)
  })
  try {
    const outcome = await Promise.race([app.close().then(() => 'closed' as const), deadline])
    if (outcome === 'hung') app.log.error('shutdown did not complete')
    return { exitCode: outcome === 'closed' ? 0 : 1, cut, ms: Date.now() - started }
  } catch (error) {
    app.log.error({ err: error }, 'error during shutdown')
    return { exitCode: 1, cut, ms: Date.now() - started }
  } finally {
    clearTimeout(grace)
    clearTimeout(hung)
  }
}
