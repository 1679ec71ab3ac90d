// The change feed as its own module: `fastify.changes` and GET /v1/changements. It reads the
// rows as the exports write them (their datasets and fields), so the two never disagree.
import fp from 'fastify-plugin'
import { type ChangesRepository, changesRepository } from './repository.js'
import { changesRoutes } from './routes.js'

declare module 'fastify' {
  interface FastifyInstance {
    changes: ChangesRepository
  }
}

export default fp(
  async function changesModule(app) {
    app.decorate('changes', changesRepository(app.database))
    await app.register(changesRoutes)
  },
  { name: 'changes', dependencies: ['database', 'config', 'errors'] }
)
