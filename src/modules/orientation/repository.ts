// "Who can help me, near me?": ranks the active networks for a person's publics and needs
// from the glossary, weighing distance with relevance (ranking.ts), and lists each one's
// nearest lieux with a sentence that says why and what to do next (explain.ts).
import { type SQL, sql } from 'drizzle-orm'
import type { DatabaseHandle } from '../../db/client.js'
import { geographyOf, type LonLat } from '../../db/geography.js'
import { literalLimit, prepared } from '../../db/prepared.js'
import { competentLieuxOf, LIEU_FROM, lieuColumns, rayonBound, type SitesRepository } from '../sites/repository.js'
import type { Lieu } from '../sites/schemas.js'
import { fewOpen, type OpenFilter, openCondition } from '../opening/repository.js'
import type { Acces } from '../../db/schema.js'
import type { GlossaryRepository } from '../glossary/repository.js'
import { translator } from '../glossary/translations.js'
import { distanceInWords } from '../../lib/distance-in-words.js'
import type { Lang } from '../../lib/lang.js'
import { inTerritorySql, isApartFromMainland, type Territory, territoryRadius } from '../../lib/territory.js'
import { capitalize, explain, type NomUsuel } from './explain.js'
import {
  CONDITION_PENALTY, conditionsToCheck, FIRST_CONTACT_BONUS, mainPublics, matchPublics, type PublicMatch, type PublicRow, publicsScore,
  type Reach, reachableFirst, reachOf, retainedMatches, score, weighNeeds
} from './ranking.js'
import type { Recommandation } from './schemas.js'

export interface OrientationRequest {
  public?: string[]
  besoin: string[]
  age?: number
  position?: LonLat
  /** The person's commune (INSEE code), when given: the offices competent for it come first. */
  commune?: string
  /** Only lieux within this many metres. */
  rayon?: number
  types: number
  lieuxParType: number
  /** The language of labels and sentences (French by default). */
  lang?: Lang
  /** ouvert=maintenant: within each network, the lieux open at that instant come first. */
  ouvert?: OpenFilter
  /** Situations the person is in (a plan, a status, a level): those said, and those their needs and publics imply. */
  situation?: string[]
  /** The person's territory: offices are looked for there only (mainland, Corsica, each overseas département). */
  territory?: Territory
}

/** What the ranking needs besides the request: which types have lieux, how publics nest. */
export interface OrientationContext {
  /** Types that have lieux (the others are not searched). */
  typesWithLieux: Set<string>
  /** Wider publics of each public (the glossary's `inclus_dans`, transitively). */
  wider?: Map<string, string[]>
  /** Types that have lieux to confirm (a 2017 MSAP not in the 2024 list). */
  typesToConfirm?: Set<string>
  /** Types whose offices have competence zones (the communes each serves). */
  typesWithZones?: Set<string>
}

/** An active type that answers at least one of the needs, with its glossary rows. */
interface CandidateRow extends NomUsuel {
  code: string
  sigle: string
  nom: string
  description: string
  site_web: string | null
  acces: Acces[]
  premier_accueil: boolean
  a_distance: boolean
  regroupement: (NomUsuel & { code: string }) | null
  besoins: { code: string; libelle: string; action: string; poids: number }[]
  publics: PublicRow[]
  libelles_personne: Record<string, string>
  /** The ages the person's publics imply (seniors: 50 and over). */
  personne: { age_min: number | null; age_max: number | null }
}

/**
 * Every active type that answers one of the needs, with its matched needs and all its public
 * rows (the person's publics are matched in JS: nesting, conditions and age, see ranking.ts).
 */
export function candidateTypesQuery(request: Pick<OrientationRequest, 'besoin' | 'public'>): SQL {
  const besoins = sql`${sql.param(request.besoin)}::text[]`
  const personPublics = sql`${sql.param(request.public ?? [])}::text[]`
  // A person who does not know where to go (tous-publics) is offered the generalist first contacts whatever the need.
  const firstContact = (request.public ?? []).includes('tous-publics')
  return sql`
    SELECT t.code, t.sigle, t.nom, t.nom_usuel, t.genre, t.article, t.description, t.site_web, t.acces, t.premier_accueil, t.a_distance,
      CASE WHEN g.code IS NULL THEN NULL
        ELSE json_build_object('code', g.code, 'nom_usuel', g.nom_usuel, 'genre', g.genre, 'article', g.article) END AS regroupement,
      ARRAY(SELECT json_build_object('code', b.code, 'libelle', b.libelle, 'action', b.action, 'poids', tb.poids::int)
        FROM type_besoins tb JOIN besoins b ON b.code = tb.besoin
        WHERE tb.type = t.code AND tb.besoin = ANY(${besoins}) ORDER BY tb.poids DESC, b.ordre) AS besoins,
      ARRAY(SELECT json_build_object('code', p.code, 'libelle', p.libelle, 'condition', tp.condition, 'principal', tp.principal,
          'age_min', tp.age_min, 'age_max', tp.age_max, 'requiert', tp.requiert, 'exclut', tp.exclut, 'par_age', tp.par_age,
          'age_max_handicap', tp.age_max_handicap, 'criteres', tp.criteres, 'pour_besoins', tp.pour_besoins, 'lieux_de', tp.lieux_de,
          'intitule', tp.intitule,
          'assure_par', ARRAY(SELECT json_build_object('nom_usuel', d.nom_usuel, 'genre', d.genre, 'article', d.article)
            FROM types d WHERE d.code = ANY(tp.lieux_de) ORDER BY d.code))
        FROM type_publics tp JOIN publics p ON p.code = tp.public WHERE tp.type = t.code ORDER BY p.ordre) AS publics,
      (SELECT coalesce(json_object_agg(p.code, p.libelle), '{}'::json) FROM publics p WHERE p.code = ANY(${personPublics})) AS libelles_personne,
      (SELECT json_build_object('age_min', max(p.age_min), 'age_max', min(p.age_max))
        FROM publics p WHERE p.code = ANY(${personPublics})) AS personne
    FROM types t LEFT JOIN regroupements g ON g.code = t.regroupement
    WHERE t.statut = 'actif' AND (EXISTS (SELECT 1 FROM type_besoins tb WHERE tb.type = t.code AND tb.besoin = ANY(${besoins}))
      ${firstContact ? sql`OR t.premier_accueil` : sql``})
    ORDER BY t.code`
}

/**
 * The nearest lieux of each given type, in one query (a KNN per type). Lieux that a fresher
 * source no longer confirms (2017 MSAP) come after the confirmed ones among the nearest: for
 * the types that have some (`toConfirm`), a few more are read. Each KNN keeps a constant LIMIT,
 * which the planner needs to join the few rows it returns by index. With `open`, the nearest
 * open lieux of each type are read too, and come first (`k_ouvert`).
 */
export function nearestLieuxByTypeQuery(
  typeCodes: string[],
  position: LonLat,
  request: Pick<OrientationRequest, 'rayon' | 'lieuxParType' | 'ouvert' | 'territory'>,
  toConfirm: Set<string> = new Set()
): SQL {
  const p = geographyOf(position)
  const { bound, keep } = rayonBound(position, searchRadius(request))
  const open = request.ouvert
  const nearest = (limit: number, onlyOpen: boolean) => {
    const where = sql`l.type = r.code AND l.statut = 'actif' ${bound ? sql`AND ${bound}` : sql``} ${territoryCondition(request.territory)}`
    const columns = sql`l.id, l.a_confirmer, l.position <-> ${p} AS sort_key, ${open ? openCondition(open) : sql`false`} AS k_ouvert`
    if (!onlyOpen || !open) return sql`SELECT ${columns} FROM lieux l WHERE ${where} ORDER BY l.position <-> ${p} LIMIT ${literalLimit(limit)}`
    // As /v1/lieux does: when few lieux are open, the index on their hours finds them, not a KNN walk.
    if (fewOpen(open, limit)) {
      return sql`SELECT * FROM (SELECT ${columns} FROM lieux l WHERE ${where} AND ${openCondition(open)}
        AND l.horaire = ANY(${sql.param(open.horaires)}::int[]) OFFSET 0) o ORDER BY sort_key LIMIT ${literalLimit(limit)}`
    }
    return sql`SELECT ${columns} FROM lieux l WHERE ${where} AND ${openCondition(open)} ORDER BY l.position <-> ${p} LIMIT ${literalLimit(limit)}`
  }
  const block = (codes: string[], limit: number) => sql`
    SELECT r.code AS recommande, k.a_confirmer AS k_a_confirmer, k.k_ouvert, k.sort_key, x.* FROM unnest(${sql.param(codes)}::text[]) AS r(code)
    CROSS JOIN LATERAL (
      (${nearest(limit, false)})${open ? sql` UNION (${nearest(limit, true)})` : sql``}
    ) k
    CROSS JOIN LATERAL (SELECT ${lieuColumns(position)} FROM ${LIEU_FROM} WHERE l.id = k.id) x
    WHERE ${keep(sql`k.sort_key`)}`
  const plain = typeCodes.filter((c) => !toConfirm.has(c))
  const flagged = typeCodes.filter((c) => toConfirm.has(c))
  const blocks = [
    ...(plain.length > 0 ? [block(plain, request.lieuxParType)] : []),
    ...(flagged.length > 0 ? [block(flagged, request.lieuxParType * 2 + 1)] : [])
  ]
  // Of few shapes (with or without hours, types to confirm or not): prepared, which saves a parse
  // and a round trip (its types come as an array, so the server still plans it per call).
  return prepared(sql`SELECT * FROM (${sql.join(blocks, sql` UNION ALL `)}) n ORDER BY recommande, k_ouvert DESC, k_a_confirmer, sort_key, id`)
}

/**
 * How far the offices are looked for: the rayon asked, bounded in Corsica and overseas by the
 * territory's own extent (an office across the sea is not offered, and the search stops early).
 */
function searchRadius(request: Pick<OrientationRequest, 'rayon' | 'territory'>): number | undefined {
  const own = request.territory ? territoryRadius(request.territory) : undefined
  if (own === undefined) return request.rayon
  return request.rayon === undefined ? own : Math.min(own, request.rayon)
}

const territoryCondition = (territory: Territory | undefined) => (territory ? sql`AND ${inTerritorySql(territory)}` : sql``)

/** The distance of each type's nearest lieu (within the rayon, in the person's territory): one KNN probe each, no row read. */
export function nearestDistanceQuery(typeCodes: string[], position: LonLat, request: Pick<OrientationRequest, 'rayon' | 'territory'>): SQL {
  const p = geographyOf(position)
  const { bound, keep } = rayonBound(position, searchRadius(request))
  return prepared(sql`SELECT r.code, k.d FROM unnest(${sql.param(typeCodes)}::text[]) AS r(code)
    CROSS JOIN LATERAL (SELECT l.position <-> ${p} AS d FROM lieux l
      WHERE l.type = r.code AND l.statut = 'actif' ${bound ? sql`AND ${bound}` : sql``} ${territoryCondition(request.territory)}
      ORDER BY l.position <-> ${p} LIMIT 1) k
    WHERE ${keep(sql`k.d`)}`)
}

/**
 * The open offices of the given types whose competence zone holds the commune (or the city of
 * its arrondissement, or an arrondissement of it): usually one per network, wherever it stands.
 */
export function competentLieuxQuery(typeCodes: string[], commune: string, position: LonLat | undefined, rayon?: number, territory?: Territory): SQL {
  // Within the rayon asked, as the other offices: the commune's own office 200 km away is no answer to "within 10 km".
  const bound = position && rayon !== undefined ? sql`ST_DWithin(l.position, ${geographyOf(position)}, ${rayon}, false)` : undefined
  return sql`SELECT l.type AS recommande, ${lieuColumns(position)} FROM ${LIEU_FROM}
    WHERE l.statut = 'actif' AND l.type = ANY(${sql.param(typeCodes)}::text[]) AND l.id IN (${competentLieuxOf(commune)})
      ${bound ? sql`AND ${bound}` : sql``} ${territoryCondition(territory)}
    ORDER BY ${position ? sql`l.position <-> ${geographyOf(position)}` : sql`l.id`}, l.id LIMIT 50`
}

type Query = <T>(query: SQL) => Promise<T[]>

/**
 * How much farther than a network's nearest lieu an open one may be and still come first: a
 * person does not drive 100 km to an office open now rather than wait for the one next door.
 */
const OPEN_DETOUR_M = 20_000

/** A network's lieux in the order given: confirmed first, nearest first; with ouvert=maintenant, the open ones within the detour before all. */
function preferOpen(lieux: Lieu[], openIds: Set<string>): Lieu[] {
  const nearest = Math.min(...lieux.map((l) => l.distance_m ?? 0))
  const later = (l: Lieu) => Number(!(openIds.has(l.id) && (l.distance_m ?? 0) <= nearest + OPEN_DETOUR_M))
  return lieux.sort((a, b) => later(a) - later(b) || Number(a.a_confirmer) - Number(b.a_confirmer) ||
    (a.distance_m ?? 0) - (b.distance_m ?? 0) || a.id.localeCompare(b.id))
}

/** Beyond this, a lieu after the nearest is listed only if it is not much farther than the nearest. */
const REACH_M = 100_000

/**
 * The nearest lieu, and the next ones a person could still go to: within 100 km or twice the
 * nearest's distance (a student in Cayenne is not offered the CRIJ of Guadeloupe, 1,600 km away,
 * as a second choice).
 */
function withinReach(lieux: Lieu[]): Lieu[] {
  const first = lieux[0]?.distance_m
  if (first === undefined) return lieux
  return lieux.filter((l, i) => i === 0 || (l.distance_m ?? 0) <= Math.max(REACH_M, 2 * first))
}

/** The glossary changes only when it is reseeded: its candidates for a request are kept a minute. */
const CANDIDATES_TTL_MS = 60_000
const candidateCache = new WeakMap<Query, Map<string, { rows: CandidateRow[]; at: number }>>()

/** The candidates of a request, from the cache of this executor or from the database. */
async function candidateRows(query: Query, request: Pick<OrientationRequest, 'besoin' | 'public'>): Promise<CandidateRow[]> {
  const cache = candidateCache.get(query) ?? new Map<string, { rows: CandidateRow[]; at: number }>()
  candidateCache.set(query, cache)
  const key = JSON.stringify([[...request.besoin].sort(), [...(request.public ?? [])].sort()])
  const hit = cache.get(key)
  if (hit && Date.now() - hit.at <= CANDIDATES_TTL_MS) return hit.rows
  const rows = await query<CandidateRow>(candidateTypesQuery(request))
  // Bounded: the combinations of needs and publics are many, the ones asked often are few.
  if (cache.size >= 500) cache.delete(cache.keys().next().value!)
  cache.set(key, { rows, at: Date.now() })
  return rows
}

interface Ranked {
  row: CandidateRow
  /** The types it stands for: itself, or every type of its regroupement that answers. */
  codes: string[]
  /** The types whose lieux it lists: its own, and those that deliver its service for the person (the CEP of cadres: the Apec). */
  lieuxCodes: string[]
  besoins: number
  publics: number
  matches: PublicMatch[]
  /** The conditions the person has not said (each a choice of situations); empty when the network is for them. */
  aVerifier: string[][]
  /** Offered as a first contact to a person who does not know where to go. */
  premierAccueil: boolean
  /** CONDITION_PENALTY when the network's condition is one the person has not said, else 0. */
  conditionPenalty: number
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
      byKey.set(key, { ...head, codes: [...seen.codes, ...r.codes].sort(), lieuxCodes: [...new Set([...seen.lieuxCodes, ...r.lieuxCodes])].sort() })
    }
  }
  return [...byKey.values()]
}

/** A row that says a first-contact network takes a person who does not know where to go. */
function firstContactMatch(row: CandidateRow, age: number | undefined): PublicMatch | null {
  // Its main publics bound by age (Information Jeunesse: 11 to 30) must hold the person's age, when given.
  const fits = row.publics.some((p) => p.principal && (age === undefined || ((p.age_min ?? 0) <= age && age <= (p.age_max ?? 200))))
  if (!fits) return null
  return {
    code: 'tous-publics', libelle: 'Tous publics', condition: null, principal: false, intitule: null, requiert: [],
    correspondance: 'tous', via: null, pour_age: false, a_verifier: [], lieux_de: [], assure_par: []
  }
}

/** Each candidate scored on relevance alone: its needs, then its publics; a condition the person has not said costs. */
function scoreCandidates(rows: CandidateRow[], request: OrientationRequest, context: OrientationContext, levels: Set<string>): Ranked[] {
  const personne = rows[0]?.personne
  const person = {
    publics: request.public ?? [],
    wider: context.wider ?? new Map<string, string[]>(),
    age: request.age,
    ages: personne ? { min: personne.age_min, max: personne.age_max } : undefined,
    situations: new Set(request.situation ?? []),
    besoins: request.besoin,
    levels
  }
  const doesNotKnow = person.publics.includes('tous-publics')
  const scored: Ranked[] = []
  for (const row of rows) {
    let matches = retainedMatches(matchPublics(row.publics, person))
    let premierAccueil = false
    if (doesNotKnow && row.premier_accueil) {
      const met = matches.some((m) => m.a_verifier.length === 0)
      const first = met ? null : firstContactMatch(row, person.age)
      if (first) matches = [first]
      premierAccueil = met || first !== null
    }
    // A person who says who they are is matched on it (or on a service open to all); with no
    // public given, every type that answers the needs is a candidate.
    if (person.publics.length > 0 && matches.length === 0) continue
    if (person.publics.length === 0 && person.age !== undefined && matches.length === 0) continue
    const lieuxCodes = [...new Set([row.code, ...matches.filter((m) => m.a_verifier.length === 0).flatMap((m) => m.lieux_de)])]
    // A network with no lieu in the data and no other way in cannot be acted on: not recommended.
    if (!lieuxCodes.some((code) => context.typesWithLieux.has(code)) && row.acces.length === 0) continue
    // A row for some needs only (France Travail for everyone: offers and workshops) weighs those needs alone.
    const forNeeds = matches.length > 0 && matches.every((m) => row.publics.find((p) => p.code === m.code)?.pour_besoins.length)
      ? new Set(matches.flatMap((m) => row.publics.find((p) => p.code === m.code)!.pour_besoins)) : null
    const besoinsRows = weighNeeds(row.besoins, matches).filter((b) => !forNeeds || forNeeds.has(b.code))
    const aVerifier = conditionsToCheck(matches)
    const besoins = besoinsRows.reduce((n, b) => n + b.poids, 0) + (premierAccueil ? FIRST_CONTACT_BONUS : 0)
    scored.push({
      row: { ...row, besoins: besoinsRows }, codes: [row.code], lieuxCodes, besoins,
      publics: publicsScore(matches), matches, aVerifier, premierAccueil, conditionPenalty: aVerifier.length > 0 ? CONDITION_PENALTY : 0
    })
  }
  return mergeRegroupements(scored)
}

/**
 * The whole answer, on any executor (the API's database handle, or the benchmark's bare
 * postgres.js client): relevance from the glossary, minus what reaching the network costs.
 */
export async function recommendWith(query: Query, request: OrientationRequest, context: OrientationContext): Promise<Recommandation[]> {
  const rows = await candidateRows(query, request)
  const situations = new Map((await situationLabels(query)).map((s) => [s.code, s]))
  const levels = new Set([...situations.values()].filter((s) => s.nature === 'scolarite').map((s) => s.code))
  const candidates = scoreCandidates(rows, request, context, levels)
  const relevance = (r: Ranked) => score(r.besoins, r.publics, r.conditionPenalty)
  candidates.sort((a, b) => relevance(b) - relevance(a) || a.row.code.localeCompare(b.row.code))

  // Distance only lowers a score. The lieux of the most relevant networks (and of those tied at
  // the cut) are read first, as the answer needs them anyway; then only networks whose relevance
  // alone beats the last score kept are measured, by a KNN probe each, and their lieux read if
  // they get in. Usually that is one or two light queries more, never a full read per network.
  const lieuxByType = new Map<string, Lieu[]>()
  const nearestByType = new Map<string, number>()
  const withLieux = (list: Ranked[]) => [...new Set(list.flatMap((r) => r.lieuxCodes))].filter((code) => context.typesWithLieux.has(code))
  // ouvert=maintenant: the lieux open at that instant, listed first within their network.
  const openIds = new Set<string>()
  const readLieux = async (list: Ranked[]) => {
    const codes = withLieux(list).filter((code) => !lieuxByType.has(code))
    if (!request.position || codes.length === 0) return
    for (const code of codes) lieuxByType.set(code, [])
    const perType = Math.max(1, request.lieuxParType)
    const found = await query<Lieu & { recommande: string; k_a_confirmer: boolean; k_ouvert: boolean; sort_key: number }>(
      nearestLieuxByTypeQuery(codes, request.position, { ...request, lieuxParType: perType }, context.typesToConfirm)
    )
    for (const { recommande, k_a_confirmer: _f, k_ouvert: open, sort_key: sortKey, ...lieu } of found) {
      if (open) openIds.add(lieu.id)
      lieuxByType.get(recommande)!.push(lieu)
      nearestByType.set(recommande, Math.min(nearestByType.get(recommande) ?? Number.POSITIVE_INFINITY, sortKey))
    }
  }
  const measured = new Set<string>()
  const measure = async (list: Ranked[]) => {
    const codes = withLieux(list).filter((code) => !lieuxByType.has(code) && !measured.has(code))
    if (!request.position || codes.length === 0) return
    for (const code of codes) measured.add(code)
    for (const { code, d } of await query<{ code: string; d: number }>(nearestDistanceQuery(codes, request.position, request))) nearestByType.set(code, d)
  }
  const evaluate = (r: Ranked) => {
    const distances = r.lieuxCodes.map((code) => nearestByType.get(code)).filter((d): d is number => d !== undefined)
    const nearest = distances.length > 0 ? Math.min(...distances) : null
    const hasLieuxInData = r.lieuxCodes.some((code) => context.typesWithLieux.has(code))
    const reach: Reach = reachOf({ positionGiven: Boolean(request.position), nearestMetres: nearest, acces: r.row.acces, aDistance: r.row.a_distance })
    return { ...r, nearest, hasLieuxInData, reach, penalty: reach.penalty, conditional: r.aVerifier.length > 0, total: score(r.besoins, r.publics, reach.penalty + r.conditionPenalty) }
  }
  type Evaluated = ReturnType<typeof evaluate>
  const order = (a: Evaluated, b: Evaluated) =>
    b.total - a.total || b.besoins - a.besoins || b.publics - a.publics ||
    (a.nearest ?? Number.POSITIVE_INFINITY) - (b.nearest ?? Number.POSITIVE_INFINITY) || a.row.code.localeCompare(b.row.code)

  const cut = candidates[request.types - 1]
  const first = cut ? candidates.filter((r, i) => i < request.types || relevance(r) === relevance(cut)) : candidates
  await readLieux(first)
  const kept = first.map(evaluate).sort(order)
  const bar = kept.length >= request.types ? kept[request.types - 1]!.total : Number.NEGATIVE_INFINITY
  let rest = candidates.filter((r) => !first.includes(r))
  const challengers = rest.filter((r) => relevance(r) >= bar)
  await measure(challengers)
  let ranked = [...kept, ...challengers.map(evaluate)].sort(order)
  // A network the person cannot reach yields to every one with an office within reach, however
  // low: those are measured too, only when such a network would otherwise be in the answer.
  rest = rest.filter((r) => !challengers.includes(r))
  const top = ranked.slice(0, request.types)
  if (request.position && rest.length > 0 && (top.some((r) => r.reach.unreachable) || top[0]?.conditional)) {
    await measure(rest)
    ranked = [...ranked, ...rest.map(evaluate)].sort(order)
  }
  // With a position, a network that has no office in the person's territory and no other way in cannot be acted on.
  // A network whose condition the person has not said is offered only while it keeps some weight (score above 0).
  const actionable = ranked.filter((r) => (!request.position || r.reach.mode !== 'aucun') && !(r.conditional && r.total <= 0))
  const chosen = reachableFirst(actionable).slice(0, request.types)
  await readLieux(chosen)
  const zoned = (r: Ranked) => r.lieuxCodes.some((code) => context.typesWithZones?.has(code))
  const competentByType = new Map<string, (Lieu & { recommande: string })[]>()
  const zonedCodes = request.commune ? [...new Set(chosen.filter(zoned).flatMap((r) => r.lieuxCodes))] : []
  if (zonedCodes.length > 0) {
    const competent = competentLieuxQuery(zonedCodes, request.commune!, request.position, request.rayon, request.territory)
    for (const lieu of await query<Lieu & { recommande: string }>(competent)) {
      competentByType.set(lieu.recommande, [...(competentByType.get(lieu.recommande) ?? []), lieu])
    }
  }
  const final = chosen.map((r) => {
    const nearest = withinReach(preferOpen(r.lieuxCodes.flatMap((code) => lieuxByType.get(code) ?? []), openIds))
    const competent = r.lieuxCodes.flatMap((code) => competentByType.get(code) ?? []).map(({ recommande: _r, ...lieu }) => lieu)
      .sort((a, b) => (a.distance_m ?? 0) - (b.distance_m ?? 0) || a.id.localeCompare(b.id))
    // The office of the person's commune first, then the nearest others; null where no zone is known.
    const known = request.commune !== undefined && zoned(r)
    const competentIds = new Set(competent.map((l) => l.id))
    const lieux = [...competent, ...nearest.filter((l) => !competentIds.has(l.id))]
      .map((l) => ({ ...l, competent: known ? competentIds.has(l.id) : null }))
    return { ...r, lieux, competent: competent[0] ?? null, zonesKnown: known }
  })
  const tr = translator(request.lang ?? 'fr')
  const territory = request.territory && isApartFromMainland(request.territory) ? request.territory : undefined
  return final.map((r, i) => {
    const nom = r.row.regroupement ?? r.row
    // Translated after ranking: the ranking and its cache know only codes and French rows.
    const inLang = (p: PublicMatch) => ({
      ...tr.public(p), condition: tr.condition(r.row.code, p.code, p.condition), intitule: tr.intitule(r.row.code, p.code, p.intitule)
    })
    const besoins = r.row.besoins.map(tr.besoin)
    const publics = r.matches.map(inLang)
    const acces = tr.acces(r.row.code, r.row.acces)
    const libellesPersonne = new Map(Object.entries(r.row.libelles_personne).map(([code, libelle]) => [code, tr.public({ code, libelle }).libelle]))
    const aVerifier = r.aVerifier.map((choice) => choice.map((code) => tr.situation(situations.get(code) ?? { code, libelle: code, nature: '' })))
    const delivered = r.lieuxCodes.filter((code) => !r.codes.includes(code))
    return {
      rang: i + 1,
      nom: capitalize(nom.nom_usuel),
      type: { code: r.row.code, sigle: r.row.sigle, nom: r.row.nom, description: tr.type(r.row).description, site_web: r.row.site_web },
      types: r.lieuxCodes,
      pertinence: {
        besoins: r.besoins, publics: r.publics, eloignement: Math.round(r.penalty * 100) / 100, conditions: r.conditionPenalty, score: r.total
      },
      pourquoi: explain({
        nom,
        besoins,
        // A first contact says whom it is made for (the CIO: pupils), then that it takes everyone in first.
        publics: r.premierAccueil ? publics.filter((p) => p.correspondance !== 'tous') : publics,
        principaux: mainPublics(r.row.publics).map(inLang),
        libellesPersonne,
        acces,
        lieuxConnus: r.hasLieuxInData,
        plusProche: request.position ? r.nearest : 0,
        rayon: request.rayon,
        rayonCachesTerritoire: territory !== undefined && request.rayon !== undefined && request.rayon < (territoryRadius(territory) ?? 0),
        aVerifier: aVerifier.map((choice) => choice.map((s) => s.libelle)),
        premierAccueil: r.premierAccueil,
        aDistance: r.row.a_distance,
        territoire: territory,
        assurePar: delivered.length > 0 && r.lieux.some((l) => delivered.includes(l.type.code))
          ? r.matches.find((m) => m.assure_par.length > 0)?.assure_par[0] ?? null : null
      }, tr.lang) + competenceSentence(r, nom.genre, tr.lang),
      besoins: besoins.map(({ action: _a, ...b }) => b),
      publics: publics.map(({ correspondance: _c, pour_age: _a, a_verifier: _v, lieux_de: _l, intitule: _i, assure_par: _d, requiert: _q, ...p }) => p),
      conditions_a_verifier: aVerifier.map((choice) => ({ un_de: choice.map(({ code, libelle }) => ({ code, libelle })) })),
      joignabilite: {
        // Without a position, an office is the way in wherever the network has some.
        mode: request.position ? r.reach.mode : r.hasLieuxInData ? 'lieu' as const : r.reach.mode,
        a_distance: r.row.a_distance,
        lieu_a_portee: request.position ? r.reach.officeWithinReach : null
      },
      acces,
      lieux: r.lieux.slice(0, request.lieuxParType)
    }
  })
}

/** The situations' labels, kept with the candidates' cache lifetime: the glossary changes only when reseeded. */
interface SituationLabel { code: string; libelle: string; nature: string }
const situationCache = new WeakMap<Query, { rows: SituationLabel[]; at: number }>()
async function situationLabels(query: Query): Promise<SituationLabel[]> {
  const hit = situationCache.get(query)
  if (hit && Date.now() - hit.at <= CANDIDATES_TTL_MS) return hit.rows
  const rows = await query<SituationLabel>(sql`SELECT code, libelle, nature FROM situations ORDER BY ordre`)
  situationCache.set(query, { rows, at: Date.now() })
  return rows
}

/** Which office is the person's commune's, and whether it is also the nearest: said in the answer's own words. */
function competenceSentence(
  r: { lieux: (Lieu & { competent: boolean | null })[]; competent: Lieu | null; zonesKnown: boolean },
  /** The network's grammatical gender: « la Mission locale … est celle de votre commune », « le CIO … est celui ». */
  genre: 'm' | 'f',
  lang: Lang
): string {
  if (!r.zonesKnown || r.lieux.length === 0) return ''
  const first = r.lieux[0]!
  const nearest = [...r.lieux].sort((a, b) => (a.distance_m ?? 0) - (b.distance_m ?? 0))[0]!
  const km = (l: Lieu) => {
    const words = distanceInWords(l.distance_m, lang)
    return words ? ` (${words})` : ''
  }
  if (!r.competent) {
    return lang === 'en'
      ? ' The data name no office of this network for your commune: the nearest ones are listed.'
      : ' Les données n’indiquent aucun lieu de ce réseau compétent pour votre commune : les plus proches sont donnés.'
  }
  if (nearest.id === first.id) {
    return lang === 'en'
      ? ` ${first.nom} is the one for your commune, and the nearest.`
      : ` ${first.nom} est ${genre === 'f' ? 'celle' : 'celui'} de votre commune, et ${genre === 'f' ? 'la' : 'le'} plus proche.`
  }
  return lang === 'en'
    ? ` ${first.nom}${km(first)} is the one for your commune; ${nearest.nom}${km(nearest)} is nearer but serves other communes.`
    : ` ${first.nom}${km(first)} est ${genre === 'f' ? 'celle' : 'celui'} de votre commune ; ${nearest.nom}${km(nearest)} est plus proche ` +
      'mais sert d’autres communes.'
}

export function orientationRepository(
  database: DatabaseHandle,
  sites: Pick<SitesRepository, 'typesWithLieux' | 'typesToConfirm' | 'typesWithZones'>,
  glossary: Pick<GlossaryRepository, 'widerPublics'>
) {
  return {
    recommend: async (request: OrientationRequest) =>
      recommendWith(database.rows, request, {
        typesWithLieux: await sites.typesWithLieux(),
        typesToConfirm: await sites.typesToConfirm(),
        typesWithZones: await sites.typesWithZones(),
        wider: await glossary.widerPublics()
      })
  }
}

export type OrientationRepository = ReturnType<typeof orientationRepository>
