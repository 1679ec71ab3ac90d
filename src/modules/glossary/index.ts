import fp from 'fastify-plugin'
import { type GlossaryRepository, glossaryRepository } from './repository.js'
import { glossaryRoutes } from './routes.js'

declare module 'fastify' {
  interface FastifyInstance {
    glossary: GlossaryRepository
  }
}

/** The glossary domain: its repository as `fastify.glossary`, and its REST routes. */
export default fp(
  async function glossaryModule(app) {
    app.decorate('glossary', glossaryRepository(app.database))
    await app.register(glossaryRoutes)
  },
  { name: 'glossary', dependencies: ['database'] }
)
