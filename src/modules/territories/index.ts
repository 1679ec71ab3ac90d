import fp from 'fastify-plugin'
import { type TerritoriesRepository, territoriesRepository } from './repository.js'
import { territoriesRoutes } from './routes.js'

declare module 'fastify' {
  interface FastifyInstance {
    territories: TerritoriesRepository
  }
}

/** The territories domain: its repository as `fastify.territories`, and its REST routes. */
export default fp(
  async function territoriesModule(app) {
    app.decorate('territories', territoriesRepository(app.database))
    await app.register(territoriesRoutes)
  },
  { name: 'territories', dependencies: ['database'] }
)
