import fp from 'fastify-plugin'
import { type OrientationRepository, orientationRepository } from './repository.js'
import { orientationRoutes } from './routes.js'

declare module 'fastify' {
  interface FastifyInstance {
    orientation: OrientationRepository
  }
}

/** The orientation domain: "who can help me, near me". */
export default fp(
  async function orientationModule(app) {
    app.decorate('orientation', orientationRepository(app.database, app.sites, app.glossary))
    await app.register(orientationRoutes)
  },
  { name: 'orientation', dependencies: ['database', 'glossary', 'sites', 'opening'] }
)
