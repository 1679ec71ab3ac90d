import fp from 'fastify-plugin'
import { readDiSeed, type TypeCrosswalk, typeCrosswalks } from './crosswalk.js'
import { dataInclusionRoutes } from './routes.js'

declare module 'fastify' {
  interface FastifyInstance {
    dataInclusion: { crosswalks(): Promise<Map<string, TypeCrosswalk>> }
  }
}

const TTL_MS = 60_000

/** The data·inclusion v1 profile: the lieux as its structures and services, paged and as whole files. */
export default fp(
  async function dataInclusionModule(app) {
    const seed = readDiSeed()
    let cached: { value: Map<string, TypeCrosswalk>; loadedAt: number } | undefined
    app.decorate('dataInclusion', {
      // The glossary changes only when it is reseeded: kept a minute.
      async crosswalks() {
        if (!cached || Date.now() - cached.loadedAt > TTL_MS) cached = { value: await typeCrosswalks(app.glossary, seed), loadedAt: Date.now() }
        return cached.value
      }
    })
    await app.register(dataInclusionRoutes)
  },
  { name: 'data-inclusion', dependencies: ['database', 'glossary', 'sites'] }
)
