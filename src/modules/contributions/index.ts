// Contributions: the structures publish their own lieux with a key. The repository as
// `fastify.contributions`, the key check as `fastify.requireKey` (an onRequest hook that sets
// `request.cle`), the write routes and the public history.
import type { FastifyRequest, onRequestAsyncHookHandler } from 'fastify'
import fp from 'fastify-plugin'
import { keyAuthenticator } from './auth.js'
import { writeLimiter } from './limits.js'
import { type Cle, type ContributionsRepository, contributionsRepository } from './repository.js'
import { contributionsRoutes } from './routes.js'

declare module 'fastify' {
  interface FastifyInstance {
    contributions: ContributionsRepository
    /** The key of a write, checked, and the write counted against its limit (REST and GraphQL). */
    authenticateKey(request: FastifyRequest): Promise<Cle>
    requireKey: onRequestAsyncHookHandler
  }
  interface FastifyRequest {
    /** The key of a write, once checked. */
    cle: Cle | null
  }
}

export default fp(
  async function contributionsModule(app) {
    app.decorate('contributions', contributionsRepository(app.database))
    app.decorateRequest('cle', null)
    const authenticate = keyAuthenticator(app.contributions, app.config.AUTH_FAILURES_PER_MINUTE)
    const countWrite = writeLimiter(app.config.WRITES_PER_MINUTE)
    app.decorate('authenticateKey', async function authenticateKey(request: FastifyRequest) {
      const cle = await authenticate(request)
      countWrite(cle.id)
      return cle
    })
    app.decorate('requireKey', async function requireKey(request) {
      request.cle = await app.authenticateKey(request)
    })
    // JSON Merge Patch (RFC 7396) bodies are JSON.
    app.addContentTypeParser('application/merge-patch+json', { parseAs: 'string' }, app.getDefaultJsonParser('error', 'error'))
    await app.register(contributionsRoutes)
  },
  { name: 'contributions', dependencies: ['database', 'config', 'errors', 'sites'] }
)
