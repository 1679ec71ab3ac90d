// "Who can help me, near me?": ranks the active structure types for a person's publics and
// needs from the glossary, then adds each type's nearest lieux. Relevance first (the needs'
// weights, then how well the publics match), distance second.
import { type SQL, sql } from 'drizzle-orm'
import type { DatabaseHandle } from '../../db/client.js'
import { geographyOf, type LonLat } from '../../db/geography.js'
import { LIEU_FROM, lieuColumns, rayonBound, type SitesRepository } from '../sites/repository.js'
import type { Lieu } from '../sites/schemas.js'
import { explain } from './explain.js'
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

interface RankedType {
  code: string
  sigle: string
  nom: string
  description: string
  site_web: string | null
  score_besoins: number
  score_publics: number
  besoins: { code: string; libelle: string; poids: number }[]
  publics: { code: string; libelle: string; condition: string | null; principal: boolean }[]
}

/**
 * Scores every active type that matches, most relevant first. Only active types are scored:
 * a type that no longer exists is never recommended; its successor carries the same needs
 * and publics in the glossary.
 */
export function rankTypesQuery(request: OrientationRequest): SQL {
  const besoins = sql`${sql.param(request.besoin)}::text[]`
  const publics = sql`${sql.param(request.public ?? [])}::text[]`
  const age = request.age ?? null
  // A public row matches when it is one the person belongs to (or open to all) and the
  // age, when given, is within its bounds.
  const publicMatch = sql`(tp.public = ANY(${publics}) OR tp.public = 'tous-publics')
    AND (${age}::int IS NULL OR ((tp.age_min IS NULL OR ${age}::int >= tp.age_min) AND (tp.age_max IS NULL OR ${age}::int <= tp.age_max)))`
  return sql`
    WITH scored AS (
      SELECT t.code, t.sigle, t.nom, t.description, t.site_web,
        (SELECT coalesce(sum(tb.poids), 0)::int FROM type_besoins tb
          WHERE tb.type = t.code AND tb.besoin = ANY(${besoins})) AS score_besoins,
        (SELECT coalesce(max(CASE WHEN tp.public = 'tous-publics' THEN 1 WHEN tp.principal THEN 3 ELSE 2 END)
            + greatest(count(*) FILTER (WHERE tp.public <> 'tous-publics') - 1, 0), 0)::int
          FROM type_publics tp WHERE tp.type = t.code AND ${publicMatch}) AS score_publics
      FROM types t WHERE t.statut = 'actif'
    ), matching AS (
      SELECT s.* FROM scored s
      WHERE s.score_besoins > 0 AND (cardinality(${publics}) = 0 OR s.score_publics > 0)
    )
    SELECT s.code, s.sigle, s.nom, s.description, s.site_web, s.score_besoins, s.score_publics,
      ARRAY(SELECT json_build_object('code', b.code, 'libelle', b.libelle, 'poids', tb.poids::int)
        FROM type_besoins tb JOIN besoins b ON b.code = tb.besoin
        WHERE tb.type = s.code AND tb.besoin = ANY(${besoins}) ORDER BY tb.poids DESC, b.ordre) AS besoins,
      ARRAY(SELECT json_build_object('code', p.code, 'libelle', p.libelle, 'condition', tp.condition, 'principal', tp.principal)
        FROM type_publics tp JOIN publics p ON p.code = tp.public
        WHERE tp.type = s.code AND ${publicMatch}
        ORDER BY (tp.public = 'tous-publics'), tp.principal DESC, p.ordre) AS publics
    FROM matching s
    ORDER BY s.score_besoins DESC, s.score_publics DESC, s.code`
}

/** The nearest lieux of each given type, in one query (a KNN per type). */
export function nearestLieuxByTypeQuery(typeCodes: string[], position: LonLat, request: Pick<OrientationRequest, 'rayon' | 'lieuxParType'>): SQL {
  const p = geographyOf(position)
  const { bound, keep } = rayonBound(position, request.rayon)
  return sql`
    SELECT r.code AS recommande, x.* FROM unnest(${sql.param(typeCodes)}::text[]) AS r(code)
    CROSS JOIN LATERAL (
      SELECT l.id, l.position <-> ${p} AS sort_key FROM lieux l
      WHERE l.type = r.code AND l.statut = 'actif' ${bound ? sql`AND ${bound}` : sql``}
      ORDER BY l.position <-> ${p} LIMIT ${request.lieuxParType}
    ) k
    CROSS JOIN LATERAL (SELECT ${lieuColumns(position)} FROM ${LIEU_FROM} WHERE l.id = k.id) x
    WHERE ${keep(sql`k.sort_key`)}
    ORDER BY r.code, k.sort_key, x.id`
}

type Query = <T>(query: SQL) => Promise<T[]>

/**
 * The whole answer, on any executor (the API's database handle, or the benchmark's bare
 * postgres.js client): relevance from the glossary, then distance. Types tied on relevance
 * at the cut are all fetched with their nearest lieux, and the nearest decides; so the
 * distance costs no query of its own.
 */
export async function recommendWith(
  query: Query,
  request: OrientationRequest,
  /** Types that have lieux (the others are not searched). */
  typesWithLieux: Set<string>
): Promise<Recommandation[]> {
  const scored = await query<RankedType>(rankTypesQuery(request))
  const cut = scored[request.types - 1]
  const candidates = cut
    ? scored.filter((r, i) => i < request.types || (r.score_besoins === cut.score_besoins && r.score_publics === cut.score_publics))
    : scored
  const lieuxByType = new Map<string, Lieu[]>()
  const searched = candidates.map((r) => r.code).filter((code) => typesWithLieux.has(code))
  if (request.position && searched.length > 0) {
    const perType = Math.max(1, request.lieuxParType)
    const found = await query<Lieu & { recommande: string }>(
      nearestLieuxByTypeQuery(searched, request.position, { ...request, lieuxParType: perType })
    )
    for (const { recommande, ...lieu } of found) lieuxByType.set(recommande, [...(lieuxByType.get(recommande) ?? []), lieu])
  }
  const nearest = (code: string) => lieuxByType.get(code)?.[0]?.distance_m ?? Number.POSITIVE_INFINITY
  const ranked = [...candidates]
    .sort((a, b) => b.score_besoins - a.score_besoins || b.score_publics - a.score_publics || nearest(a.code) - nearest(b.code) || a.code.localeCompare(b.code))
    .slice(0, request.types)
  return ranked.map((r, i) => ({
    rang: i + 1,
    type: { code: r.code, sigle: r.sigle, nom: r.nom, description: r.description, site_web: r.site_web },
    pertinence: { besoins: r.score_besoins, publics: r.score_publics },
    pourquoi: explain(r),
    besoins: r.besoins,
    publics: r.publics,
    lieux: (lieuxByType.get(r.code) ?? []).slice(0, request.lieuxParType)
  }))
}

export function orientationRepository(database: DatabaseHandle, sites: Pick<SitesRepository, 'typesWithLieux'>) {
  return {
    recommend: async (request: OrientationRequest) => recommendWith(database.rows, request, await sites.typesWithLieux())
  }
}

export type OrientationRepository = ReturnType<typeof orientationRepository>
