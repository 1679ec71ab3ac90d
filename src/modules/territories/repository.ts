// Territory queries, written once for REST and GraphQL alike.
import { type SQL, sql } from 'drizzle-orm'
import type { DatabaseHandle } from '../../db/client.js'
import type { Commune, CommuneDetail, Departement, Region } from './schemas.js'

export const COMMUNE_COLUMNS = sql`c.code_insee, c.nom, c.type, c.commune_parente, c.codes_postaux, c.population,
  c.departement, c.region, c.epci,
  ST_Y(c.centre::geometry)::float8 AS latitude, ST_X(c.centre::geometry)::float8 AS longitude`

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
      const where: SQL[] = []
      let rank: SQL
      if (/^\d{5}$/.test(term)) {
        where.push(sql`(c.codes_postaux @> ARRAY[${term}]::text[] OR c.code_insee = ${term})`)
        // A municipal arrondissement is a more precise answer than its whole city.
        rank = sql`cardinality(c.codes_postaux)`
      } else if (/^\d{1,4}$/.test(term)) {
        // A département ("75") or the start of a postcode: the main commune first (Paris before
        // its arrondissements, Saint-Quentin first in the Aisne), then by size.
        where.push(sql`EXISTS (SELECT 1 FROM unnest(c.codes_postaux) cp WHERE cp LIKE ${term + '%'})`)
        rank = sql`(c.type = 'arrondissement-municipal'), c.population DESC NULLS LAST`
      } else {
        // Prefix of the name or of one of its words first; then, from three letters on, names
        // that look like the term (a typo: "eve" for Évreux), sharing its first two letters.
        const t = sql`aio_normalize(${expandAbbreviations(term)})`
        const n = sql`aio_normalize(c.nom)`
        const matches = sql`(${n} LIKE ${t} || '%' OR ${n} LIKE '% ' || ${t} || '%')`
        const fuzzy = sql`(length(${t}) >= 3 AND (${n} LIKE left(${t}, 2) || '%' OR ${n} LIKE '% ' || left(${t}, 2) || '%')
          AND word_similarity(${t}, ${n}) >= 0.5)`
        where.push(sql`(${matches} OR ${fuzzy})`)
        // Larger communes rank higher within a kind of match: that is who most people look for.
        // The kind of match counts most, but size weighs enough that a city reached through a
        // typo ("eve": Évreux) still shows among the first answers, before small villages.
        rank = sql`-(CASE WHEN ${n} = ${t} THEN 1.5 WHEN ${n} LIKE ${t} || '%' THEN 1
          WHEN ${n} LIKE '% ' || ${t} || '%' THEN 0.8 ELSE word_similarity(${t}, ${n}) END
          + 0.35 * log(coalesce(c.population, 0) + 1))`
      }
      if (departement) where.push(sql`c.departement = ${departement}`)
      return rows<Commune>(sql`SELECT ${COMMUNE_COLUMNS} FROM communes c
        WHERE ${sql.join(where, sql` AND `)}
        ORDER BY ${rank}, c.population DESC NULLS LAST, c.nom, c.code_insee
        LIMIT ${limit}`)
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
