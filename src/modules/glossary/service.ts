// The glossary lists as both REST and GraphQL serve them: filter codes checked first.
import type { FastifyInstance } from 'fastify'
import type { z } from 'zod'
import { assertKnownCodes } from './known-codes.js'
import type { TypeSummary, typesQuery } from './schemas.js'

export async function listTypesChecked(app: FastifyInstance, query: z.infer<typeof typesQuery>): Promise<TypeSummary[]> {
  const { mission, public: pub, besoin, statut } = query
  await assertKnownCodes(app.glossary, 'mission', 'missions', mission)
  await assertKnownCodes(app.glossary, 'public', 'publics', pub)
  await assertKnownCodes(app.glossary, 'besoin', 'besoins', besoin)
  return app.glossary.listTypes({ mission, public: pub, besoin, statut })
}
