// A person's own territory: mainland France, Corsica, or one of the five overseas
// départements. An office across the sea is never "near": orientation looks for offices in the
// person's territory only, and says so when the data hold none there.
import { type SQL, sql } from 'drizzle-orm'
import type { LonLat } from '../db/geography.js'
import type { Lang } from './lang.js'

export type Territory = 'metropole' | 'corse' | '971' | '972' | '973' | '974' | '976'

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
  976: { prefixes: ['976'], box: [44.9, -13.1, 45.4, -12.5], radiusM: 80_000, fr: 'à Mayotte', en: 'in Mayotte' }
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

/** Whether the territory is one where an office elsewhere is across the sea (Corsica, overseas). */
export const isIsland = (territory: Territory): territory is Exclude<Territory, 'metropole'> => territory !== 'metropole'

/** "à Mayotte", "en Corse"; "in Mayotte". */
export function inTerritory(territory: Exclude<Territory, 'metropole'>, lang: Lang): string {
  return TERRITORIES[territory][lang]
}

/** The bound that holds the whole territory around a point of it; none for mainland France. */
export function territoryRadius(territory: Territory): number | undefined {
  return territory === 'metropole' ? undefined : TERRITORIES[territory].radiusM
}

/** The lieux of the territory, by their commune's INSEE code (a lieu without one is taken as mainland). */
export function inTerritorySql(territory: Territory, column: SQL = sql`l.code_insee`): SQL {
  const code = sql`coalesce(${column}, '')`
  if (territory === 'metropole') {
    return sql`NOT (${sql.join(NOT_MAINLAND.map((p) => sql`${code} LIKE ${`${p}%`}`), sql` OR `)})`
  }
  return sql`(${sql.join(TERRITORIES[territory].prefixes.map((p) => sql`${code} LIKE ${`${p}%`}`), sql` OR `)})`
}
