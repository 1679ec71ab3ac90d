// The orientation answer as both REST and GraphQL serve it.
import type { FastifyInstance } from 'fastify'
import { instantOf, withOuverture } from '../opening/answer.js'
import type { z } from 'zod'
import { assertKnownCodes } from '../glossary/known-codes.js'
import { badRequest } from '../../lib/problem.js'
import { resolveLieuFilters } from '../sites/query.js'
import { territoryOfCommune, territoryOfPosition } from '../../lib/territory.js'
import type { Orientation, orientationQuery } from './schemas.js'

export async function answerOrientation(app: FastifyInstance, q: z.infer<typeof orientationQuery>): Promise<Orientation> {
  const filters = await resolveLieuFilters(app, {
    public: q.public, besoin: q.besoin, lat: q.lat, lon: q.lon, code_commune: q.code_commune, code_postal: q.code_postal, rayon: q.rayon
  })
  await assertKnownCodes(app.glossary, 'situation', 'situations', q.situation)
  if (q.age !== undefined && q.public) {
    // A public with an age rule (seniors: 50 and over) and an age outside it say two things at once.
    for (const code of q.public) {
      const p = await app.glossary.publicAges(code)
      if (p && ((p.age_min !== null && q.age < p.age_min) || (p.age_max !== null && q.age > p.age_max))) {
        const ages = p.age_max === null ? `${p.age_min ?? 0} and over` : `${p.age_min ?? 0} to ${p.age_max}`
        throw badRequest('age', `age ${q.age} is outside the ages of public ${code} (${ages})`)
      }
    }
  }
  const besoin = q.besoin ?? []
  // The person's own territory: from their commune, else from where the position falls.
  const territory = filters.commune ? territoryOfCommune(filters.commune) : filters.position ? territoryOfPosition(filters.position) : undefined
  const situation = [...new Set([...(q.situation ?? []), ...await app.glossary.impliedSituations(besoin, q.public ?? [])])]
  // Each lieu says whether it is open now (or at `a`), on its own clocks; with ouvert=maintenant the open ones come first.
  const at = instantOf(q.a)
  const recommandations = await app.orientation.recommend({
    public: q.public,
    besoin,
    age: q.age,
    situation,
    territory,
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
      situation,
      territoire: territory ?? null,
      position: filters.position ? { latitude: filters.position.lat, longitude: filters.position.lon } : null
    },
    recommandations
  }
}
