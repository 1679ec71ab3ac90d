// Territory queries, written once for REST and GraphQL alike.
import { type SQL, sql } from 'drizzle-orm'
import type { DatabaseHandle } from '../../db/client.js'
import type { Commune, CommuneDetail, Departement, Region } from './schemas.js'

export const COMMUNE_COLUMNS = sql`c.code_insee, c.nom, c.type, c.commune_parente, c.codes_postaux, c.population,
  c.departement, c.region, c.epci,
  ST_Y(c.centre::geometry)::float8 AS latitude, ST_X(c.centre::geometry)::float8 AS longitude`

/**
 * The communes `c` of one postcode, its main commune first: a city's arrondissement before the
 * city, then the commune where most of the postcode's people live. The data say nothing of a
 * postcode's own commune (its delivery office): a commune's inhabitants are counted as spread
 * evenly over its postcodes, so that a commune nouvelle that took the postcodes of the villages
 * it merged does not outweigh the town each postcode is named after (61130: Bellême, not
 * Val-au-Perche), and a city with several postcodes still comes first in each (97600: Mamoudzou,
 * 71,437 people under 2 postcodes, before Koungou, 32,156 under 1; 83200: Toulon).
 */
export const MAIN_COMMUNE_FIRST = sql`(c.type = 'arrondissement-municipal') DESC,
  coalesce(c.population, 0)::float8 / greatest(cardinality(c.codes_postaux), 1) DESC, c.population DESC NULLS LAST`

/** "st quentin", "St-Quentin", "ste maxime": Saint and Sainte as people abbreviate them. */
export function expandAbbreviations(term: string): string {
  return term.replace(/(^|[\s\-'’.])(st|ste)(?=$|[\s\-'’.])/gi, (_m, before: string, word: string) =>
    `${before}${word.toLowerCase() === 'st' ? 'saint' : 'sainte'}`)
}

export interface CommuneSearch {
  q: string
  departement?: string
  limit: number
}

export function territoriesRepository(database: DatabaseHandle) {
  const { rows } = database

  return {
    /**
     * Autocomplete for a "near me" form. Digits search postcodes (exact with five, prefix with
     * fewer; five digits also match an INSEE code); text searches the start of the name or of
     * any word in it, accents, case and hyphens ignored, with some typo tolerance. Best
     * matches first, larger communes first among equal matches.
     */
    async searchCommunes({ q, departement, limit }: CommuneSearch): Promise<Commune[]> {
      const term = q.trim()
      const inDepartement = departement ? sql`AND c.departement = ${departement}` : sql``
      if (/^\d{1,5}$/.test(term)) {
        const [where, rank] = /^\d{5}$/.test(term)
          // The postcode's main commune first: the one a position given by this postcode stands for.
          ? [sql`(c.codes_postaux @> ARRAY[${term}]::text[] OR c.code_insee = ${term})`, MAIN_COMMUNE_FIRST]
          // A département ("75") or the start of a postcode: the main commune first (Paris before
          // its arrondissements, Saint-Quentin first in the Aisne), then by size.
          : [sql`EXISTS (SELECT 1 FROM unnest(c.codes_postaux) cp WHERE cp LIKE ${term + '%'})`,
            sql`(c.type = 'arrondissement-municipal'), c.population DESC NULLS LAST`]
        return rows<Commune>(sql`SELECT ${COMMUNE_COLUMNS} FROM communes c WHERE ${where} ${inDepartement}
          ORDER BY ${rank}, c.population DESC NULLS LAST, c.nom, c.code_insee LIMIT ${limit}`)
      }
      const expanded = expandAbbreviations(term)
      const letters = expanded.replace(/[^\p{L}\p{N}]/gu, '').length
      // Nothing to search with ("-", "'"): every name would match the empty term.
      if (letters === 0) return []
      const t = sql`aio_normalize(${expanded})`
      const name = sql`aio_normalize(c.nom)`
      // Each candidate's name is normalised once, in `found` (f.n): the comparisons that rank it
      // would otherwise normalise it again each (a regular expression and unaccent, each time).
      const n = sql`f.n`
      const kind = sql`CASE WHEN ${n} = ${t} THEN 0 WHEN ${n} LIKE ${t} || '%' THEN 1 WHEN ${n} LIKE '% ' || ${t} || '%' THEN 2 ELSE 3 END`
      let typo: SQL
      let rank: SQL
      if (letters <= 3) {
        // Three letters say little ("eve"): names that look like the term, sharing its first two
        // letters, join the names that start with it, and size weighs as much as the kind of
        // match, so that a city reached through a typo (Évreux) shows among the first answers.
        typo = sql`(length(${t}) >= 3 AND (${name} LIKE left(${t}, 2) || '%' OR ${name} LIKE '% ' || left(${t}, 2) || '%')
          AND word_similarity(${t}, ${name}) >= 0.5)`
        rank = sql`-(CASE ${kind} WHEN 0 THEN 1.5 WHEN 1 THEN 1 WHEN 2 THEN 0.8 ELSE word_similarity(${t}, ${n}) END
          + 0.35 * log(coalesce(f.population, 0) + 1))`
      } else {
        // From four letters on, how well the name matches comes first: the name itself, then a
        // name that starts with the term ("chateau chinon": Château-Chinon (Ville)), then one with
        // a word that does, then a typo ("sain quentin"), the closest first. Size only orders
        // equal matches ("saint quen": Saint-Quentin, then Saint-Quentin-Fallavier, both before
        // Saint-Étienne). The typo is the index's word similarity, written as the index's
        // operator (name %> term): the index's candidates are then only rechecked, not filtered again.
        typo = sql`${name} %> ${t}`
        rank = sql`${kind}, CASE WHEN ${kind} = 3 THEN word_similarity(${t}, ${n}) END DESC NULLS FIRST`
      }
      return rows<Commune>(sql`WITH found AS MATERIALIZED (
          SELECT c.code_insee, c.nom, c.population, ${name} AS n FROM communes c
          WHERE (${name} LIKE ${t} || '%' OR ${name} LIKE '% ' || ${t} || '%' OR ${typo}) ${inDepartement}
        )
        -- The page's codes in their order, then their rows: only those few are joined.
        SELECT ${COMMUNE_COLUMNS}
        FROM unnest(ARRAY(SELECT f.code_insee FROM found f
          ORDER BY ${rank}, f.population DESC NULLS LAST, f.nom, f.code_insee LIMIT ${limit})) WITH ORDINALITY AS b(code_insee, rang)
        JOIN communes c ON c.code_insee = b.code_insee
        ORDER BY b.rang`)
    },

    async getCommune(codeInsee: string): Promise<CommuneDetail | null> {
      const [commune] = await rows<CommuneDetail>(sql`SELECT ${COMMUNE_COLUMNS},
          d.nom AS nom_departement, r.nom AS nom_region, e.nom AS nom_epci, c.centre_origine
        FROM communes c
        JOIN departements d ON d.code = c.departement
        JOIN regions r ON r.code = c.region
        LEFT JOIN epci e ON e.code = c.epci
        WHERE c.code_insee = ${codeInsee}`)
      return commune ?? null
    },

    async listRegions(): Promise<Region[]> {
      return rows<Region>(sql`SELECT code, nom, chef_lieu, zone FROM regions ORDER BY code`)
    },

    async listDepartements(filters: { region?: string } = {}): Promise<Departement[]> {
      return rows<Departement>(sql`SELECT code, nom, region, chef_lieu, zone FROM departements
        ${filters.region ? sql`WHERE region = ${filters.region}` : sql``}
        ORDER BY code`)
    }
  }
}

export type TerritoriesRepository = ReturnType<typeof territoriesRepository>
