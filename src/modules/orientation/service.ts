// The orientation answer as both REST and GraphQL serve it.
import type { FastifyInstance } from 'fastify'
import { instantOf, withOuverture } from '../opening/answer.js'
import type { z } from 'zod'
import { resolveLieuFilters } from '../sites/query.js'
import type { Orientation, orientationQuery } from './schemas.js'

export async function answerOrientation(app: FastifyInstance, q: z.infer<typeof orientationQuery>): Promise<Orientation> {
  const filters = await resolveLieuFilters(app, {
    public: q.public, besoin: q.besoin, lat: q.lat, lon: q.lon, code_commune: q.code_commune, code_postal: q.code_postal, rayon: q.rayon
  })
  const besoin = q.besoin ?? []
  // Each lieu says whether it is open now (or at `a`), on its own clocks; with ouvert=maintenant the open ones come first.
  const at = instantOf(q.a)
  const recommandations = await app.orientation.recommend({
    public: q.public,
    besoin,
    age: q.age,
    position: filters.position,
    commune: filters.commune,
    rayon: q.rayon,
    types: q.types,
    lieuxParType: q.lieux_par_type,
    lang: q.lang,
    ouvert: q.ouvert === 'maintenant' ? await app.opening.openAt(at) : undefined
  })
  for (const r of recommandations) r.lieux = r.lieux.map((lieu) => withOuverture(lieu, at))
  return {
    criteres: {
      public: q.public ?? [],
      besoin,
      age: q.age ?? null,
      position: filters.position ? { latitude: filters.position.lat, longitude: filters.position.lon } : null
    },
    recommandations
  }
}
