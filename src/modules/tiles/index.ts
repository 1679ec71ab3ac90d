import fp from 'fastify-plugin'
import { type TilesRepository, tilesRepository } from './repository.js'
import { tilesRoutes } from './routes.js'

declare module 'fastify' {
  interface FastifyInstance {
    tiles: TilesRepository
  }
}

/** Vector tiles of the lieux for web maps, and their TileJSON. */
export default fp(
  async function tilesModule(app) {
    app.decorate('tiles', tilesRepository(app.database))
    // A remaking of the clusters in flight ends before the database closes.
    app.addHook('onClose', async () => {
      await app.tiles.state.remaking
    })
    await app.register(tilesRoutes)
  },
  { name: 'tiles', dependencies: ['database', 'sites', 'ogc'] }
)
