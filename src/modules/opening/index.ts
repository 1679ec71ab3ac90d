import fp from 'fastify-plugin'
import { type OpeningRepository, openingRepository } from './repository.js'

declare module 'fastify' {
  interface FastifyInstance {
    opening: OpeningRepository
  }
}

/** Open now: which lieux are open at an instant, as `fastify.opening` (the lieux and orientation queries filter with it). */
export default fp(
  async function openingModule(app) {
    app.decorate('opening', openingRepository(app.database))
  },
  { name: 'opening', dependencies: ['database'] }
)
