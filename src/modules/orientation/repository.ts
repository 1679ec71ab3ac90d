// "Who can help me, near me?": ranks the active networks for a person's publics and needs
// from the glossary, weighing distance with relevance (ranking.ts), and lists each one's
// nearest lieux with a sentence that says why and what to do next (explain.ts).
import { type SQL, sql } from 'drizzle-orm'
import type { DatabaseHandle } from '../../db/client.js'
import { geographyOf, type LonLat } from '../../db/geography.js'
import { LIEU_FROM, lieuColumns, rayonBound, type SitesRepository } from '../sites/repository.js'
import type { Lieu } from '../sites/schemas.js'
import type { Acces } from '../../db/schema.js'
import type { GlossaryRepository } from '../glossary/repository.js'
import { capitalize, explain, type NomUsuel } from './explain.js'
import { distancePenalty, matchPublics, type PublicMatch, type PublicRow, publicsScore, score } from './ranking.js'
import type { Recommandation } from './schemas.js'

export interface OrientationRequest {
  public?: string[]
  besoin: string[]
  age?: number
  position?: LonLat
  /** Only lieux within this many metres. */
  rayon?: number
  types: number
  lieuxParType: number
}

/** What the ranking needs besides the request: which types have lieux, how publics nest. */
export interface OrientationContext {
  /** Types that have lieux (the others are not searched). */
  typesWithLieux: Set<string>
  /** Wider publics of each public (the glossary's `inclus_dans`, transitively). */
  wider?: Map<string, string[]>
}

/** An active type that answers at least one of the needs, with its glossary rows. */
interface CandidateRow extends NomUsuel {
  code: string
  sigle: string
  nom: string
  description: string
  site_web: string | null
  acces: Acces[]
  regroupement: (NomUsuel & { code: string }) | null
  besoins: { code: string; libelle: string; action: string; poids: number }[]
  publics: PublicRow[]
  libelles_personne: Record<string, string>
}

/**
 * Every active type that answers one of the needs, with its matched needs and all its public
 * rows (the person's publics are matched in JS: nesting, conditions and age, see ranking.ts).
 */
export function candidateTypesQuery(request: Pick<OrientationRequest, 'besoin' | 'public'>): SQL {
  const besoins = sql`${sql.param(request.besoin)}::text[]`
  return sql`
    SELECT t.code, t.sigle, t.nom, t.nom_usuel, t.genre, t.article, t.description, t.site_web, t.acces,
      CASE WHEN g.code IS NULL THEN NULL
        ELSE json_build_object('code', g.code, 'nom_usuel', g.nom_usuel, 'genre', g.genre, 'article', g.article) END AS regroupement,
      ARRAY(SELECT json_build_object('code', b.code, 'libelle', b.libelle, 'action', b.action, 'poids', tb.poids::int)
        FROM type_besoins tb JOIN besoins b ON b.code = tb.besoin
        WHERE tb.type = t.code AND tb.besoin = ANY(${besoins}) ORDER BY tb.poids DESC, b.ordre) AS besoins,
      ARRAY(SELECT json_build_object('code', p.code, 'libelle', p.libelle, 'condition', tp.condition, 'principal', tp.principal,
          'age_min', tp.age_min, 'age_max', tp.age_max, 'requiert', tp.requiert)
        FROM type_publics tp JOIN publics p ON p.code = tp.public WHERE tp.type = t.code ORDER BY p.ordre) AS publics,
      (SELECT coalesce(json_object_agg(p.code, p.libelle), '{}'::json) FROM publics p
        WHERE p.code = ANY(${sql.param(request.public ?? [])}::text[])) AS libelles_personne
    FROM types t LEFT JOIN regroupements g ON g.code = t.regroupement
    WHERE t.statut = 'actif' AND EXISTS (SELECT 1 FROM type_besoins tb WHERE tb.type = t.code AND tb.besoin = ANY(${besoins}))
    ORDER BY t.code`
}

/**
 * The nearest lieux of each given type, in one query (a KNN per type). Lieux that a fresher
 * source no longer confirms (2017 MSAP) come after the confirmed ones among the nearest.
 */
export function nearestLieuxByTypeQuery(typeCodes: string[], position: LonLat, request: Pick<OrientationRequest, 'rayon' | 'lieuxParType'>): SQL {
  const p = geographyOf(position)
  const { bound, keep } = rayonBound(position, request.rayon)
  return sql`
    SELECT r.code AS recommande, x.* FROM unnest(${sql.param(typeCodes)}::text[]) AS r(code)
    CROSS JOIN LATERAL (
      SELECT l.id, l.a_confirmer, l.position <-> ${p} AS sort_key FROM lieux l
      WHERE l.type = r.code AND l.statut = 'actif' ${bound ? sql`AND ${bound}` : sql``}
      ORDER BY l.position <-> ${p} LIMIT ${request.lieuxParType * 2 + 1}
    ) k
    CROSS JOIN LATERAL (SELECT ${lieuColumns(position)} FROM ${LIEU_FROM} WHERE l.id = k.id) x
    WHERE ${keep(sql`k.sort_key`)}
    ORDER BY r.code, k.a_confirmer, k.sort_key, x.id`
}

type Query = <T>(query: SQL) => Promise<T[]>

interface Ranked {
  row: CandidateRow
  /** The types whose lieux it lists: itself, or every type of its regroupement that answers. */
  codes: string[]
  besoins: number
  publics: number
  matches: PublicMatch[]
}

/** A network as a person sees it: a type, or the types of one regroupement taken as one. */
function mergeRegroupements(ranked: Ranked[]): Ranked[] {
  const byKey = new Map<string, Ranked>()
  for (const r of ranked) {
    const key = r.row.regroupement?.code ?? r.row.code
    const seen = byKey.get(key)
    if (!seen) byKey.set(key, r)
    else {
      const best = r.besoins - seen.besoins || r.publics - seen.publics || seen.row.code.localeCompare(r.row.code)
      const head = best > 0 ? r : seen
      byKey.set(key, { ...head, codes: [...seen.codes, ...r.codes].sort() })
    }
  }
  return [...byKey.values()]
}

/**
 * The whole answer, on any executor (the API's database handle, or the benchmark's bare
 * postgres.js client): relevance from the glossary, then distance. The lieux of every
 * candidate that could still reach the first places once distance is counted are fetched in
 * one query, so distance weighs in without a query per network.
 */
export async function recommendWith(query: Query, request: OrientationRequest, context: OrientationContext): Promise<Recommandation[]> {
  const person = { publics: request.public ?? [], wider: context.wider ?? new Map<string, string[]>(), age: request.age }
  const rows = await query<CandidateRow>(candidateTypesQuery(request))
  const scored: Ranked[] = []
  for (const row of rows) {
    const matches = matchPublics(row.publics, person)
    // A person who says who they are is matched on it (or on a service open to all); with no
    // public given, every type that answers the needs is a candidate.
    if (person.publics.length > 0 && matches.length === 0) continue
    if (person.publics.length === 0 && person.age !== undefined && matches.length === 0) continue
    // A network with no lieu in the data and no other way in cannot be acted on: not recommended.
    if (!context.typesWithLieux.has(row.code) && row.acces.length === 0) continue
    const besoins = row.besoins.reduce((n, b) => n + b.poids, 0)
    scored.push({ row, codes: [row.code], besoins, publics: publicsScore(matches), matches })
  }
  const candidates = mergeRegroupements(scored)
  // Distance lowers a score by 4 at most: a candidate more than 4 below the one at the cut
  // cannot reach the first places, and its lieux are not searched.
  const relevance = (r: Ranked) => score(r.besoins, r.publics, 0)
  const cut = [...candidates].sort((a, b) => relevance(b) - relevance(a))[request.types - 1]
  const contenders = cut ? candidates.filter((r) => relevance(r) >= relevance(cut) - 4) : candidates
  const lieuxByType = new Map<string, Lieu[]>()
  const searched = contenders.flatMap((r) => r.codes).filter((code) => context.typesWithLieux.has(code))
  if (request.position && searched.length > 0) {
    const perType = Math.max(1, request.lieuxParType)
    const found = await query<Lieu & { recommande: string }>(
      nearestLieuxByTypeQuery(searched, request.position, { ...request, lieuxParType: perType })
    )
    for (const { recommande, ...lieu } of found) lieuxByType.set(recommande, [...(lieuxByType.get(recommande) ?? []), lieu])
  }
  const lieuxOf = (r: Ranked) =>
    r.codes
      .flatMap((code) => lieuxByType.get(code) ?? [])
      .sort((a, b) => Number(a.a_confirmer) - Number(b.a_confirmer) || (a.distance_m ?? 0) - (b.distance_m ?? 0) || a.id.localeCompare(b.id))
  const final = contenders.map((r) => {
    const lieux = lieuxOf(r)
    const hasLieuxInData = r.codes.some((code) => context.typesWithLieux.has(code))
    const nearest = lieux[0]?.distance_m ?? null
    const penalty = distancePenalty({ positionGiven: Boolean(request.position), hasLieuxInData, nearestMetres: nearest, acces: r.row.acces })
    return { ...r, lieux, hasLieuxInData, nearest, penalty, total: score(r.besoins, r.publics, penalty) }
  })
  final.sort((a, b) =>
    b.total - a.total || b.besoins - a.besoins || b.publics - a.publics ||
    (a.nearest ?? Number.POSITIVE_INFINITY) - (b.nearest ?? Number.POSITIVE_INFINITY) || a.row.code.localeCompare(b.row.code))
  return final.slice(0, request.types).map((r, i) => {
    const nom = r.row.regroupement ?? r.row
    return {
      rang: i + 1,
      nom: capitalize(nom.nom_usuel),
      type: { code: r.row.code, sigle: r.row.sigle, nom: r.row.nom, description: r.row.description, site_web: r.row.site_web },
      types: r.codes,
      pertinence: { besoins: r.besoins, publics: r.publics, eloignement: Math.round(r.penalty * 100) / 100, score: r.total },
      pourquoi: explain({
        nom,
        besoins: r.row.besoins,
        publics: r.matches,
        libellesPersonne: new Map(Object.entries(r.row.libelles_personne)),
        acces: r.row.acces,
        lieuxConnus: r.hasLieuxInData,
        plusProche: request.position ? r.nearest : 0,
        rayon: request.rayon
      }),
      besoins: r.row.besoins.map(({ action: _a, ...b }) => b),
      publics: r.matches.map(({ correspondance: _c, pour_age: _a, ...p }) => p),
      acces: r.row.acces,
      lieux: r.lieux.slice(0, request.lieuxParType)
    }
  })
}

export function orientationRepository(
  database: DatabaseHandle,
  sites: Pick<SitesRepository, 'typesWithLieux'>,
  glossary: Pick<GlossaryRepository, 'widerPublics'>
) {
  return {
    recommend: async (request: OrientationRequest) =>
      recommendWith(database.rows, request, { typesWithLieux: await sites.typesWithLieux(), wider: await glossary.widerPublics() })
  }
}

export type OrientationRepository = ReturnType<typeof orientationRepository>
