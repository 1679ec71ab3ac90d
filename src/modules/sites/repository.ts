// Lieux and structures queries, written once for REST, GraphQL and the exports.
import { type SQL, sql } from 'drizzle-orm'
import type { DatabaseHandle } from '../../db/client.js'
import { geographyOf, type LonLat } from '../../db/geography.js'
import { literalLimit, prepared } from '../../db/prepared.js'
import { fewOpen, type OpenFilter, openCondition } from '../opening/repository.js'
import { MAIN_COMMUNE_FIRST, expandAbbreviations } from '../territories/repository.js'
import type { Lieu, Structure } from './schemas.js'

export interface LieuFilters {
  /** Centre of a "near me" search: results nearest first, with distance_m. */
  position?: LonLat
  /** The commune that position stands for, when given by code_commune or code_postal (orientation's competent offices). */
  commune?: string
  /** Metres around `position`. */
  rayon?: number
  /** [minLon, minLat, maxLon, maxLat] */
  bbox?: [number, number, number, number]
  code_region?: string[]
  code_departement?: string[]
  code_epci?: string[]
  /** Containment in communes (a city's code also matches its municipal arrondissements). */
  code_insee?: string[]
  /** Only the offices whose competence zone (the communes their source says they serve) holds this commune. */
  competent_pour?: string
  /** Only lieux of these types (the glossary filters, resolved by `glossary.typesFor`). */
  types?: string[]
  /** Accent-insensitive, typo-tolerant search on name, commune and type (read by textSearchQuery). */
  q?: TextSearch
  /** Only lieux changed after this ISO 8601 instant or date. */
  modifie_depuis?: string
}

export interface LieuPageRequest extends LieuFilters {
  limit: number
  /** Only the lieux open at an instant (ouvert=maintenant, ouvert_a). */
  ouvert?: OpenFilter
  /** Sort key of the last row already sent. */
  after?: [number | string, string]
}

export interface LieuPage {
  rows: Lieu[]
  /** Sort key of the last row, when more rows follow. */
  nextKey: [number | string, string] | null
}

/** The columns of a lieu as the contract has them (type and structure embedded). */
export function lieuColumns(position?: LonLat): SQL {
  return sql`l.id, l.nom,
    json_build_object('code', t.code, 'sigle', t.sigle, 'nom', t.nom) AS type,
    l.type_origine,
    json_build_object('id', s.id, 'nom', s.nom, 'siret', s.siret, 'site_web', s.site_web) AS structure,
    l.adresse, l.complement_adresse, l.code_postal, l.commune, l.code_insee,
    c.departement AS code_departement, c.region AS code_region, c.epci AS code_epci,
    round(ST_Y(l.position::geometry)::numeric, 6)::float8 AS latitude,
    round(ST_X(l.position::geometry)::numeric, 6)::float8 AS longitude,
    l.precision_position, l.telephone, l.courriel, l.site_web, l.horaires_accueil, l.accessibilite, l.modes_accueil,
    l.source, l.source_id, l.date_maj::text AS date_maj, l.statut, l.a_confirmer
    ${position
      ? sql`, round((l.position <-> ${geographyOf(position)})::numeric, 1)::float8 AS distance_m,
        (l.precision_position = 'commune') AS distance_approximative`
      : sql``}`
}

/** The number of lieux of the structure `s` (the API and the structures export). */
/** A structure's open lieux: a column a trigger keeps (drizzle/0005). */
export const NOMBRE_LIEUX = sql`s.nombre_lieux`

const STRUCTURE_COLUMNS = sql`s.id, s.nom,
  json_build_object('code', t.code, 'sigle', t.sigle, 'nom', t.nom) AS type,
  s.siret, s.site_web, s.source, s.date_maj::text AS date_maj,
  ${NOMBRE_LIEUX} AS nombre_lieux`

/** What a lieu `l` is joined to for `lieuColumns`: its type, structure and commune. */
const LIEU_JOINS = sql`JOIN types t ON t.code = l.type
  JOIN structures s ON s.id = l.structure
  LEFT JOIN communes c ON c.code_insee = l.code_insee`

export const LIEU_FROM = sql`lieux l ${LIEU_JOINS}`

/**
 * The requests whose plan is the same for every value (a position, a rayon, a type, hours, a
 * cursor): the near-me page asked with these alone is prepared. Any other filter (a box, a
 * territory, a text search, a date) makes plans that depend on its value, planned each time;
 * so does a filter added later, until it is listed here.
 */
const SAME_PLAN_FOR_ALL = new Set<string>(['position', 'commune', 'rayon', 'types', 'ouvert', 'after', 'limit'] satisfies (keyof LieuPageRequest)[])

/**
 * A longitude/latitude box holding the circle of `metres` around `p`, with a margin; null
 * where a box cannot (near a pole, across the antimeridian).
 */
export function boxAround(p: LonLat, metres: number): [number, number, number, number] | null {
  const margin = metres * 1.01 + 100
  const dLat = margin / 111_320
  const maxLat = Math.abs(p.lat) + dLat
  if (maxLat >= 89) return null
  const dLon = margin / (111_320 * Math.cos((maxLat * Math.PI) / 180))
  if (p.lon - dLon < -180 || p.lon + dLon > 180) return null
  return [p.lon - dLon, p.lat - dLat, p.lon + dLon, p.lat + dLat]
}

/**
 * How a nearest-first (KNN) search keeps to a rayon. The planner misjudges how many rows
 * ST_DWithin keeps and would rather read them all than walk the KNN index, so the search
 * is bounded by the box around the circle (well estimated) and the circle applied to the
 * rows it returns: ordered by distance, the nearest rows of the box that are within the
 * rayon are the nearest of the circle. Where no box fits, ST_DWithin bounds it directly.
 * `bound` goes in the KNN's WHERE; `keep(distance)` filters what the KNN returned.
 */
export function rayonBound(position: LonLat, rayon: number | undefined): { bound: SQL | null; keep: (distance: SQL) => SQL } {
  if (rayon === undefined) return { bound: null, keep: () => sql`true` }
  const box = boxAround(position, rayon)
  if (!box) return { bound: sql`ST_DWithin(l.position, ${geographyOf(position)}, ${rayon}, false)`, keep: () => sql`true` }
  return {
    bound: sql`l.position && ST_MakeEnvelope(${box[0]}, ${box[1]}, ${box[2]}, ${box[3]}, 4326)::geography`,
    keep: (distance) => sql`${distance} <= ${rayon}::float8`
  }
}

/** A lon/lat box cut into pieces of at most 90° each way (one piece for any box of a country). */
export function boxPieces([minLon, minLat, maxLon, maxLat]: [number, number, number, number]): [number, number, number, number][] {
  const cuts = (min: number, max: number) => {
    const n = Math.max(1, Math.ceil((max - min) / 90))
    return Array.from({ length: n }, (_, i) => [min + ((max - min) * i) / n, min + ((max - min) * (i + 1)) / n] as const)
  }
  return cuts(minLon, maxLon).flatMap(([a, c]) => cuts(minLat, maxLat).map(([b, d]): [number, number, number, number] => [a, b, c, d]))
}

/** A lieu its structure closed leaves searches and exports (it stays at /v1/lieux/{id} and in the feed). */
export const ACTIVE_LIEU = sql`l.statut = 'actif'`

const anyOf = (values: string[]) => sql`ANY(${sql.param(values)}::text[])`

/** What a text search reads of a lieu `l`: its name and commune, as the trigram index holds them. */
const SEARCHED = sql`aio_normalize(l.nom || ' ' || coalesce(l.commune, ''))`

/** The phrases that name a type `t`: its sigle, its name and its code, in search form. */
const TYPE_PHRASES = sql`unnest(ARRAY[aio_normalize(t.sigle), aio_normalize(t.nom), replace(t.code, '-', ' ')])`

/**
 * A text query as the search uses it, read once before the search (textSearchQuery): the same
 * constants in every condition, and plans made for them.
 */
export interface TextSearch {
  /** The query in the search form of names (aio_normalize: no accents, lower case, words apart; "st" read as saint). */
  words: string
  /**
   * The types the query names by their sigle, name or code as whole words ("cio", "mission
   * locale", "france travail"), and those that replaced them (a renamed type finds its successors'
   * lieux, as `type=` does: "pole emploi", "msap"), with how many of the query's words name each.
   */
  types: { code: string; mots: number }[]
  /** The query's words left once the types' names are taken out ("sain quentin" of "cio sain quentin"). */
  rest: string
}

/**
 * The query that reads a text search (TextSearch). Offices are not all named after their type
 * (France Travail's are still "Pôle emploi - …" in the DILA's 2017 file, a PIJ is a "Point
 * information jeunesse"): the search reads the type the query names as well as the names.
 */
export function textSearchQuery(q: string): SQL {
  const words = sql`aio_normalize(${expandAbbreviations(q)})`
  return sql`WITH RECURSIVE named AS (
      SELECT t.code, max(cardinality(string_to_array(p.phrase, ' '))) AS mots, string_agg(p.phrase, '|') AS phrases
      FROM types t CROSS JOIN LATERAL ${TYPE_PHRASES} AS p(phrase)
      WHERE p.phrase <> '' AND ' ' || ${words} || ' ' LIKE '% ' || p.phrase || ' %'
      GROUP BY t.code
    ), lineage(code, mots) AS (
      SELECT code, mots FROM named
      UNION SELECT s.code, l.mots FROM lineage l JOIN types t ON t.code = l.code CROSS JOIN LATERAL unnest(t.remplace_par) AS s(code)
    )
    SELECT ${words} AS words,
      coalesce((SELECT json_agg(json_build_object('code', code, 'mots', mots) ORDER BY code)
        FROM (SELECT code, max(mots) AS mots FROM lineage GROUP BY code) g), '[]'::json) AS types,
      coalesce((SELECT btrim(regexp_replace(regexp_replace(' ' || ${words} || ' ', ' (' || string_agg(phrases, '|') || ')(?= )', ' ', 'g'),
        ' +', ' ', 'g')) FROM named), ${words}) AS rest`
}

/**
 * The lieux a text search keeps: those whose name and commune look like the query (the trigram
 * index's word similarity, written as the index's operator so that its answer is only
 * rechecked). A query that names a type keeps the lieux that look like the rest of it and are of
 * that type or look like the whole query ("cio sain quentin": the CIO of Saint-Quentin, and the
 * lieux of Saint-Quentin named like the whole), or, when it says nothing else ("pij"), the lieux
 * of that type.
 */
function searchCondition(search: TextSearch): SQL {
  const whole = sql`${SEARCHED} %> ${search.words}`
  if (search.types.length === 0) return whole
  const codes = sql.param(search.types.map((t) => t.code))
  if (search.rest === '') return sql`(${whole} OR l.type = ANY(${codes}::text[]))`
  // The trigram index finds the lieux like the rest; their type is checked on those (with
  // array_position, which no index serves): the planner, which takes a name's normalisation for
  // cheap, would otherwise read every office of the type through its index and normalise each name.
  return sql`(${SEARCHED} %> ${search.rest} AND (array_position(${codes}::text[], l.type) IS NOT NULL OR ${whole}))`
}

/**
 * How relevant a lieu `m` the search keeps is, from its name `m.nn` and commune `m.cn` in search
 * form, its type and former type: each word of the query counts for how closely it matches a
 * word of the name, and again for one of the commune (from 0.6 on, the index's threshold: "sain"
 * is 0.8 of Saint-Quentin), and a type the query names counts for its words. So the CIO of
 * Saint-Quentin (its type, name and commune) comes before the France services bus of
 * Saint-Quentin (its name and commune alone), and the France Travail offices of Rennes, named
 * "Pôle emploi - Rennes", before the France services of Rennes for "france travail rennes".
 */
function relevance(search: TextSearch): SQL {
  const named = search.types.length === 0 ? sql`0` : sql`coalesce((SELECT max(n.mots) FROM unnest(
    ${sql.param(search.types.map((t) => t.code))}::text[], ${sql.param(search.types.map((t) => t.mots))}::int[]) AS n(code, mots)
    WHERE n.code IN (m.type, m.type_origine)), 0)`
  return sql`(${named} + (SELECT coalesce(sum(CASE WHEN s.nom >= 0.6 THEN s.nom ELSE 0 END
      + CASE WHEN s.commune >= 0.6 THEN s.commune ELSE 0 END), 0)
    FROM (SELECT word_similarity(w, m.nn) AS nom, word_similarity(w, m.cn) AS commune
      FROM unnest(string_to_array(${search.words}, ' ')) AS w) s))`
}

/**
 * WHERE conditions for every filter but the position and its rayon (see rayonBound),
 * combined with AND. They reference the lieux table alone (territories through semi-joins)
 * so that a query can select the page on lieux first, with its indexes, and join the rest
 * to those few rows.
 */
export function lieuConditions(f: LieuFilters): SQL[] {
  const where: SQL[] = []
  if (f.bbox) {
    const [minLon, minLat, maxLon, maxLat] = f.bbox
    const envelope = sql`ST_MakeEnvelope(${minLon}, ${minLat}, ${maxLon}, ${maxLat}, 4326)`
    // The index filter works on geography, whose edges are great circles: an edge of 180° has no
    // single great circle ("antipodal edge"), so a wide box is searched as pieces of at most 90°.
    const pieces = boxPieces(f.bbox).map(([a, b, c, d]) => sql`l.position && ST_MakeEnvelope(${a}, ${b}, ${c}, ${d}, 4326)::geography`)
    where.push(sql`(${sql.join(pieces, sql` OR `)}) AND ST_Intersects(l.position::geometry, ${envelope})`)
  }
  if (f.code_region) where.push(sql`l.code_insee IN (SELECT code_insee FROM communes WHERE region = ${anyOf(f.code_region)})`)
  if (f.code_departement) {
    where.push(sql`l.code_insee IN (SELECT code_insee FROM communes WHERE departement = ${anyOf(f.code_departement)})`)
  }
  if (f.code_epci) where.push(sql`l.code_insee IN (SELECT code_insee FROM communes WHERE epci = ${anyOf(f.code_epci)})`)
  if (f.code_insee) {
    where.push(sql`(l.code_insee = ${anyOf(f.code_insee)}
      OR l.code_insee IN (SELECT code_insee FROM communes WHERE commune_parente = ${anyOf(f.code_insee)}))`)
  }
  if (f.competent_pour) where.push(sql`l.id IN (${competentLieuxOf(f.competent_pour)})`)
  // One type is an index condition of the (type, position) GiST; several, a filter.
  if (f.types) where.push(f.types.length === 1 ? sql`l.type = ${f.types[0]}` : sql`l.type = ${anyOf(f.types)}`)
  if (f.q) where.push(searchCondition(f.q))
  if (f.modifie_depuis) where.push(sql`l.modifie_le > ${f.modifie_depuis}::timestamptz`)
  return where
}

type LieuRowWithKey = Lieu & { sort_key: number | string }

/** A lieu whose source coordinates were replaced by its commune centre, and why. */
export interface CorrectedPosition {
  lieu: string
  nom: string
  type: string
  commune: string | null
  code_insee: string | null
  source: string
  source_id: string
  latitude_source: number
  longitude_source: number
  distance_commune_m: number | null
  motif: string
}

/**
 * The SQL of one page of lieux (one more row than the page, to know whether more follow).
 * The page is chosen on the lieux table alone, then joined to its type, structure and
 * commune. Near a position, the GiST index gives the nearest rows (KNN on `<->`); since it
 * cannot also order by id, the rows tied with the farthest one are fetched separately so
 * that the (distance, id) keyset stays exact. Exported for the benchmark, which sends this
 * very query straight to the database.
 */
export function searchLieuxQuery(request: LieuPageRequest): SQL {
  const where = [ACTIVE_LIEU, ...lieuConditions(request)]
  const limit = request.limit + 1
  const few = request.ouvert ? fewOpen(request.ouvert, request.limit) : false
  if (request.ouvert) {
    where.push(openCondition(request.ouvert))
    // Few lieux open (night, holiday): the index on their hours finds them all, without a walk of the nearest.
    if (few) where.push(sql`l.horaire = ANY(${sql.param(request.ouvert.horaires)}::int[])`)
  }
  const from = sql`FROM candidates k JOIN ${LIEU_FROM} ON l.id = k.id`
  if (request.position) {
    const p = geographyOf(request.position)
    const distanceTo = sql`(l.position <-> ${p})`
    const { bound, keep } = rayonBound(request.position, request.rayon)
    if (bound) where.push(bound)
    if (request.after) {
      const [key, id] = request.after
      where.push(sql`(${distanceTo} > ${Number(key)}::float8 OR (${distanceTo} = ${Number(key)}::float8 AND l.id > ${id}))`)
    }
    const conditions = where.length > 0 ? sql`WHERE ${sql.join(where, sql` AND `)}` : sql`WHERE true`
    // One lieu more than the page takes: when it lies farther than the page's last, no lieu at
    // the last one's distance was left out, and the page is exact without looking for ties.
    const walk = limit + 1
    // The walk reads each lieu's row for its filters; it keeps the whole row (l.*), so that the
    // page is joined to its type, structure and commune without reading the lieux a second time.
    // OFFSET 0 keeps the planner from turning the few open lieux' sort back into a KNN walk.
    const knn = few
      ? sql`SELECT * FROM (SELECT l.*, ${distanceTo} AS sort_key FROM lieux l ${conditions} OFFSET 0) o ORDER BY sort_key LIMIT ${literalLimit(walk)}`
      : sql`SELECT l.*, ${distanceTo} AS sort_key FROM lieux l ${conditions} ORDER BY ${distanceTo} LIMIT ${literalLimit(walk)}`
    // Ties at the walk's farthest distance (two lieux in one building) may hide more lieux at
    // that very distance, which the order by id needs: then, and only then (a one-time filter:
    // the scan does not run otherwise), every other lieu at that distance is read.
    const query = sql`WITH knn AS MATERIALIZED (${knn}), edge AS MATERIALIZED (
        SELECT max(sort_key) AS farthest, count(*) AS n FROM knn
      ), candidates AS (
        SELECT * FROM knn WHERE ${keep(sql`sort_key`)}
        UNION ALL
        SELECT l.*, ${distanceTo} FROM lieux l ${conditions}
          AND (SELECT n = ${walk} FROM edge) AND (SELECT count(*) > 1 FROM knn WHERE sort_key = (SELECT farthest FROM edge))
          AND ST_DWithin(l.position, ${p}, (SELECT farthest + 1 FROM edge), false)
          AND ${distanceTo} = (SELECT farthest FROM edge) AND ${keep(distanceTo)}
          AND l.id NOT IN (SELECT id FROM knn)
      )
      SELECT ${lieuColumns(request.position)}, l.sort_key FROM candidates l ${LIEU_JOINS}
      ORDER BY l.sort_key, l.id LIMIT ${literalLimit(limit)}`
    // Most of the traffic, and one plan for every person: prepared.
    const samePlanForAll = Object.entries(request).every(([key, value]) => value === undefined || SAME_PLAN_FOR_ALL.has(key))
    return samePlanForAll ? prepared(query) : query
  }
  if (request.q) {
    // By relevance: every lieu the search keeps is scored (its name and commune put in search
    // form once), then the best page is taken. The key is text, the score's complement first,
    // so that equal scores go by name and (key, id) is a keyset as the order by name's is.
    const key = sql`(lpad(round((1000 - ${relevance(request.q)}) * 1000)::int::text, 7, '0') || ' ' || m.nn) COLLATE "C"`
    const after = request.after ? sql`WHERE (r.sort_key, r.id) > (${String(request.after[0])}, ${request.after[1]})` : sql``
    return sql`WITH matching AS MATERIALIZED (
        SELECT l.id, l.type, l.type_origine, aio_normalize(l.nom) AS nn, aio_normalize(coalesce(l.commune, '')) AS cn
        FROM lieux l WHERE ${sql.join(where, sql` AND `)}
      ), candidates AS MATERIALIZED (
        -- OFFSET 0: each key is computed once, not again for the cursor's condition.
        SELECT r.id, r.sort_key FROM (SELECT m.id, ${key} AS sort_key FROM matching m OFFSET 0) r ${after}
        ORDER BY r.sort_key, r.id LIMIT ${limit}
      )
      SELECT ${lieuColumns()}, k.sort_key ${from}
      ORDER BY k.sort_key, l.id`
  }
  const name = sql`aio_normalize(l.nom) COLLATE "C"`
  if (request.after) {
    const [key, id] = request.after
    where.push(sql`(${name}, l.id) > (${String(key)}, ${id})`)
  }
  return sql`WITH candidates AS MATERIALIZED (
      SELECT l.id, ${name} AS sort_key FROM lieux l
      ${where.length > 0 ? sql`WHERE ${sql.join(where, sql` AND `)}` : sql``}
      ORDER BY ${name}, l.id LIMIT ${limit}
    )
    SELECT ${lieuColumns()}, k.sort_key ${from}
    ORDER BY k.sort_key, l.id`
}

/** The types that have at least one active lieu: one index probe per type. */
export const TYPES_WITH_LIEUX = sql`SELECT t.code FROM types t
  WHERE EXISTS (SELECT 1 FROM lieux l WHERE l.type = t.code AND l.statut = 'actif')`

/** The types that have lieux to confirm (a partial index holds them). */
export const TYPES_TO_CONFIRM = sql`SELECT DISTINCT l.type AS code FROM lieux l WHERE l.a_confirmer`

/**
 * The lieux whose competence zone holds a commune: listed under its own code, under its city's
 * (an arrondissement), or under one of its arrondissements (a city). Each branch an index probe.
 */
export function competentLieuxOf(commune: string): SQL {
  return sql`SELECT z.lieu FROM lieux_communes z WHERE z.code_insee IN (
    SELECT ${commune}::text
    UNION ALL SELECT commune_parente FROM communes WHERE code_insee = ${commune} AND commune_parente IS NOT NULL
    UNION ALL SELECT code_insee FROM communes WHERE commune_parente = ${commune})`
}

/** The types some of whose open offices have a competence zone: orientation puts the commune's own first. */
export const TYPES_WITH_ZONES = sql`SELECT DISTINCT l.type AS code FROM lieux_communes z JOIN lieux l ON l.id = z.lieu WHERE l.statut = 'actif'`

const TYPES_WITH_LIEUX_TTL_MS = 60_000

export function sitesRepository(database: DatabaseHandle) {
  const { rows } = database
  // Kept a minute each: they change only with an import.
  const cached = (query: SQL) => {
    let value: { codes: Set<string>; loadedAt: number } | undefined
    return async (): Promise<Set<string>> => {
      if (!value || Date.now() - value.loadedAt > TYPES_WITH_LIEUX_TTL_MS) {
        value = { codes: new Set((await rows<{ code: string }>(query)).map((r) => r.code)), loadedAt: Date.now() }
      }
      return value.codes
    }
  }

  return {
    /**
     * Types that have lieux: searching the nearest lieux of a type that has none walks the
     * whole index in vain, and several networks have no office in the data.
     */
    typesWithLieux: cached(TYPES_WITH_LIEUX),

    /** Types that have lieux to confirm: orientation reads a few more of their nearest. */
    typesToConfirm: cached(TYPES_TO_CONFIRM),

    /** Types whose offices have competence zones. */
    typesWithZones: cached(TYPES_WITH_ZONES),

    /**
     * One page of lieux: nearest first (with distance_m) when a position is given, else by
     * relevance to `q`, else by name. Keyset pagination on (sort key, id): stable under
     * concurrent inserts.
     */
    async searchLieux(request: LieuPageRequest): Promise<LieuPage> {
      const found = await rows<LieuRowWithKey>(searchLieuxQuery(request))
      const page = found.slice(0, request.limit)
      const last = page[page.length - 1]
      return {
        rows: page.map(({ sort_key: _key, ...lieu }) => lieu),
        nextKey: found.length > request.limit && last ? [last.sort_key, last.id] : null
      }
    },

    /** A text query as the search reads it: its search form and the types it names. */
    async textSearch(q: string): Promise<TextSearch> {
      const [search] = await rows<TextSearch>(textSearchQuery(q))
      return search!
    },

    /** How many active lieux the filters keep (OGC API Features' numberMatched). */
    async countLieux(filters: LieuFilters): Promise<number> {
      const where = [ACTIVE_LIEU, ...lieuConditions(filters)]
      const [row] = await rows<{ n: number }>(sql`SELECT count(*)::int AS n FROM lieux l WHERE ${sql.join(where, sql` AND `)}`)
      return row!.n
    },

    /** The positions importers did not trust, for their producers to fix: worst first. */
    async correctedPositions(): Promise<CorrectedPosition[]> {
      return rows<CorrectedPosition>(sql`SELECT pc.lieu, l.nom, l.type, l.commune, l.code_insee, pc.source, pc.source_id,
          pc.latitude AS latitude_source, pc.longitude AS longitude_source, pc.distance_commune_m, pc.motif
        FROM positions_corrigees pc JOIN lieux l ON l.id = pc.lieu
        ORDER BY pc.distance_commune_m DESC NULLS FIRST, pc.lieu`)
    },

    async getLieu(id: string): Promise<Lieu | null> {
      return (await this.getLieuVersioned(id))?.lieu ?? null
    },

    /**
     * The change feed's position of the data as it is now: a download made after this read
     * holds every change up to it; the feed from it gives the rest (some twice, harmlessly).
     */
    async changeToken(): Promise<number> {
      const [row] = await rows<{ n: string }>(sql`SELECT greatest((SELECT coalesce(max(sequence), 0) FROM lieux),
        (SELECT coalesce(max(sequence), 0) FROM structures))::text AS n`)
      return Number(row!.n)
    },

    /** The lieu and its version (its place in the change feed, the ETag): one query. */
    async getLieuVersioned(id: string): Promise<{ lieu: Lieu; version: number } | null> {
      const [row] = await rows<Lieu & { _version: string }>(sql`SELECT ${lieuColumns()}, l.sequence AS _version FROM ${LIEU_FROM} WHERE l.id = ${id}`)
      if (!row) return null
      const { _version, ...lieu } = row
      return { lieu, version: Number(_version) }
    },

    /** The centre of a commune, for "near me" from an INSEE code; null when unknown. */
    async communeCentre(codeInsee: string): Promise<{ found: boolean; centre: LonLat | null }> {
      const [row] = await rows<{ lon: number | null; lat: number | null }>(sql`SELECT
        ST_X(centre::geometry)::float8 AS lon, ST_Y(centre::geometry)::float8 AS lat FROM communes WHERE code_insee = ${codeInsee}`)
      if (!row) return { found: false, centre: null }
      return { found: true, centre: row.lon === null || row.lat === null ? null : { lon: row.lon, lat: row.lat } }
    },

    /**
     * The main commune of a postcode (MAIN_COMMUNE_FIRST) and its centre: where a person who
     * gives a postcode is taken to be, and whose competent offices orientation puts first.
     */
    async postcodeCentre(codePostal: string): Promise<(LonLat & { code_insee: string }) | null> {
      const [row] = await rows<LonLat & { code_insee: string }>(sql`SELECT c.code_insee,
        ST_X(c.centre::geometry)::float8 AS lon, ST_Y(c.centre::geometry)::float8 AS lat FROM communes c
        WHERE c.codes_postaux @> ARRAY[${codePostal}]::text[] AND c.centre IS NOT NULL
        ORDER BY ${MAIN_COMMUNE_FIRST}, c.code_insee LIMIT 1`)
      return row ?? null
    },

    async listStructures(filters: { type?: string[]; q?: string; modifie_depuis?: string; limit: number; after?: string }): Promise<{ rows: Structure[]; nextKey: string | null }> {
      const where: SQL[] = []
      if (filters.modifie_depuis) where.push(sql`s.modifie_le > ${filters.modifie_depuis}::timestamptz`)
      if (filters.type) where.push(sql`s.type = ${anyOf(filters.type)}`)
      if (filters.q) where.push(sql`aio_normalize(${filters.q}) <% aio_normalize(s.nom)`)
      if (filters.after) where.push(sql`s.id > ${filters.after}`)
      const found = await rows<Structure>(sql`SELECT ${STRUCTURE_COLUMNS}
        FROM structures s JOIN types t ON t.code = s.type
        ${where.length > 0 ? sql`WHERE ${sql.join(where, sql` AND `)}` : sql``}
        ORDER BY s.id LIMIT ${filters.limit + 1}`)
      const page = found.slice(0, filters.limit)
      return { rows: page, nextKey: found.length > filters.limit ? page[page.length - 1]!.id : null }
    },

    /** Structures by id, in no particular order (batched lookups: GraphQL loaders). */
    async structuresByIds(ids: string[]): Promise<Structure[]> {
      if (ids.length === 0) return []
      return rows<Structure>(sql`SELECT ${STRUCTURE_COLUMNS}
        FROM structures s JOIN types t ON t.code = s.type WHERE s.id = ANY(${sql.param(ids)}::text[])`)
    },

    /** The lieux of each structure, by name. */
    async lieuxOfStructures(ids: string[]): Promise<Lieu[]> {
      if (ids.length === 0) return []
      return rows<Lieu>(sql`SELECT ${lieuColumns()} FROM ${LIEU_FROM}
        WHERE l.structure = ANY(${sql.param(ids)}::text[]) ORDER BY aio_normalize(l.nom) COLLATE "C", l.id`)
    },

    async getStructure(id: string): Promise<(Structure & { lieux: Lieu[] }) | null> {
      const [structure] = await this.structuresByIds([id])
      if (!structure) return null
      return { ...structure, lieux: await this.lieuxOfStructures([id]) }
    },

    /** A structure's version (its place in the change feed, the ETag); null when unknown. */
    async structureVersion(id: string): Promise<number | null> {
      const [row] = await rows<{ v: string }>(sql`SELECT sequence::text AS v FROM structures WHERE id = ${id}`)
      return row ? Number(row.v) : null
    }
  }
}

export type SitesRepository = ReturnType<typeof sitesRepository>
