import fp from 'fastify-plugin'
import { type OgcRepository, ogcRepository } from './repository.js'
import { ogcRoutes } from './routes.js'

declare module 'fastify' {
  interface FastifyInstance {
    ogc: OgcRepository
  }
}

/** OGC API Features — Part 1: Core, under /ogc, for GIS tools (QGIS, GDAL, ArcGIS). */
export default fp(
  async function ogcModule(app) {
    app.decorate('ogc', ogcRepository(app.database))
    await app.register(ogcRoutes)
  },
  { name: 'ogc', dependencies: ['database', 'glossary', 'sites'] }
)
