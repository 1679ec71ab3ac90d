// A person's own territory: mainland France, Corsica, one of the five overseas départements, or
// one of the overseas collectivities (Saint-Pierre-et-Miquelon, Saint-Barthélemy, Saint-Martin, the
// Pacific). An office across the sea is never "near": orientation looks for offices in the
// person's territory only, and says so when the data hold none there.
import { type SQL, sql } from 'drizzle-orm'
import type { LonLat } from '../db/geography.js'
import type { Lang } from './lang.js'

export const TERRITORIES_CODES = ['metropole', 'corse', '971', '972', '973', '974', '975', '976', '977', '978', '986', '987', '988'] as const
export type Territory = (typeof TERRITORIES_CODES)[number]

interface TerritoryInfo {
  /** Where its communes' INSEE codes start. */
  prefixes: string[]
  /** A box around it (lon, lat), to tell the territory of a bare position. */
  box: [number, number, number, number]
  /** A bound around any of its points that holds the whole territory: the offices' search stops there. */
  radiusM: number
  fr: string
  en: string
}

const TERRITORIES: Record<Exclude<Territory, 'metropole'>, TerritoryInfo> = {
  corse: { prefixes: ['2A', '2B'], box: [8.4, 41.3, 9.7, 43.1], radiusM: 250_000, fr: 'en Corse', en: 'in Corsica' },
  971: { prefixes: ['971'], box: [-61.9, 15.8, -60.9, 16.6], radiusM: 150_000, fr: 'en Guadeloupe', en: 'in Guadeloupe' },
  972: { prefixes: ['972'], box: [-61.3, 14.3, -60.7, 14.95], radiusM: 100_000, fr: 'en Martinique', en: 'in Martinique' },
  973: { prefixes: ['973'], box: [-54.7, 2.0, -51.5, 5.9], radiusM: 500_000, fr: 'en Guyane', en: 'in French Guiana' },
  974: { prefixes: ['974'], box: [55.1, -21.5, 55.9, -20.8], radiusM: 120_000, fr: 'à La Réunion', en: 'in La Réunion' },
  975: { prefixes: ['975'], box: [-56.5, 46.7, -56.1, 47.2], radiusM: 60_000, fr: 'à Saint-Pierre-et-Miquelon', en: 'in Saint-Pierre-et-Miquelon' },
  976: { prefixes: ['976'], box: [44.9, -13.1, 45.4, -12.5], radiusM: 80_000, fr: 'à Mayotte', en: 'in Mayotte' },
  977: { prefixes: ['977'], box: [-62.96, 17.85, -62.77, 17.98], radiusM: 30_000, fr: 'à Saint-Barthélemy', en: 'in Saint-Barthélemy' },
  978: { prefixes: ['978'], box: [-63.17, 18.02, -62.95, 18.13], radiusM: 30_000, fr: 'à Saint-Martin', en: 'in Saint-Martin' },
  986: { prefixes: ['986'], box: [-178.3, -14.4, -176.0, -13.1], radiusM: 300_000, fr: 'à Wallis-et-Futuna', en: 'in Wallis and Futuna' },
  987: { prefixes: ['987'], box: [-154.8, -28.0, -134.4, -7.8], radiusM: 2_500_000, fr: 'en Polynésie française', en: 'in French Polynesia' },
  988: { prefixes: ['988'], box: [163.5, -22.8, 168.2, -19.5], radiusM: 400_000, fr: 'en Nouvelle-Calédonie', en: 'in New Caledonia' }
}

/** The codes of communes outside mainland France: Corsica, overseas (97x) and the Pacific (98x). */
const NOT_MAINLAND = ['2A', '2B', '97', '98']

/** The territory of a commune, from its INSEE code. */
export function territoryOfCommune(code: string): Territory {
  const upper = code.toUpperCase()
  for (const [territory, info] of Object.entries(TERRITORIES)) {
    if (info.prefixes.some((p) => upper.startsWith(p))) return territory as Territory
  }
  return 'metropole'
}

/** The territory of a position: the box it falls in, else mainland France. */
export function territoryOfPosition(position: LonLat): Territory {
  for (const [territory, { box }] of Object.entries(TERRITORIES)) {
    if (position.lon >= box[0] && position.lon <= box[2] && position.lat >= box[1] && position.lat <= box[3]) return territory as Territory
  }
  return 'metropole'
}

/** Whether the territory is apart from mainland France (Corsica, overseas): an office elsewhere is across the sea or an ocean. */
export const isApartFromMainland = (territory: Territory): territory is Exclude<Territory, 'metropole'> => territory !== 'metropole'

/** "à Mayotte", "en Corse"; "in Mayotte". */
export function inTerritory(territory: Exclude<Territory, 'metropole'>, lang: Lang): string {
  return TERRITORIES[territory][lang]
}

/** The bound that holds the whole territory around a point of it; none for mainland France. */
export function territoryRadius(territory: Territory): number | undefined {
  return territory === 'metropole' ? undefined : TERRITORIES[territory].radiusM
}

/**
 * The lieux of the territory, by their commune's INSEE code. A lieu without one belongs to every
 * territory: the search around the person (bounded by the territory's extent) places it.
 */
export function inTerritorySql(territory: Territory, column: SQL = sql`l.code_insee`): SQL {
  const code = sql`coalesce(${column}, '')`
  if (territory === 'metropole') {
    return sql`NOT (${sql.join(NOT_MAINLAND.map((p) => sql`${code} LIKE ${`${p}%`}`), sql` OR `)})`
  }
  return sql`(${code} = '' OR ${sql.join(TERRITORIES[territory].prefixes.map((p) => sql`${code} LIKE ${`${p}%`}`), sql` OR `)})`
}
