import fp from 'fastify-plugin'
import { sourcesRoutes } from './routes.js'

/** The sources domain: where the data comes from (/v1/sources). */
export default fp(
  async function sourcesModule(app) {
    await app.register(sourcesRoutes)
  },
  { name: 'sources', dependencies: ['database'] }
)
