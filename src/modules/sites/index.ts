import fp from 'fastify-plugin'
import { type SitesRepository, sitesRepository } from './repository.js'
import { sitesRoutes } from './routes.js'

declare module 'fastify' {
  interface FastifyInstance {
    sites: SitesRepository
  }
}

/** The lieux and structures domain: its repository as `fastify.sites`, and its REST routes. */
export default fp(
  async function sitesModule(app) {
    app.decorate('sites', sitesRepository(app.database))
    await app.register(sitesRoutes)
  },
  { name: 'sites', dependencies: ['database', 'glossary', 'opening'] }
)
