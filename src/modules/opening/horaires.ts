// What the open-now filter reads in the database: one `horaires` row per distinct hours value
// (its plages, computed here by the reference parser), and the public holidays of each region
// for the years asked (`jours_feries`, from the same library). Writers call ensureHoraires
// before writing lieux; a trigger then links each lieu to its row (drizzle/0006).
import OpeningHours from 'opening_hours'
import { sql } from 'drizzle-orm'
import { type Database, rowsOf } from '../../db/client.js'
import { plagesOf } from './plages.js'
import { HOLIDAY_REGIONS } from './zones.js'

/** A database or a transaction: both run SQL. */
type Executor = Pick<Database, 'execute'>

/** Adds the rows of the values not yet in `horaires` (a value the parser refuses gets none). */
export async function ensureHoraires(db: Executor, values: Iterable<string | null | undefined>): Promise<number> {
  const wanted = [...new Set([...values].filter((v): v is string => Boolean(v)))]
  if (wanted.length === 0) return 0
  const known = new Set(rowsOf<{ v: string }>(await db.execute(sql`SELECT horaires_accueil AS v FROM horaires
    WHERE horaires_accueil = ANY(${sql.param(wanted)}::text[])`)).map((r) => r.v))
  const rows = wanted.filter((v) => !known.has(v)).flatMap((v) => {
    const p = plagesOf(v)
    return p ? [{ v, ...p }] : []
  })
  for (let i = 0; i < rows.length; i += 1000) {
    const part = rows.slice(i, i + 1000)
    await db.execute(sql`INSERT INTO horaires (horaires_accueil, plages, plages_feries)
      SELECT v, p::int4multirange, f::int4multirange
      FROM unnest(${sql.param(part.map((r) => r.v))}::text[], ${sql.param(part.map((r) => r.plages))}::text[],
        ${sql.param(part.map((r) => r.plages_feries))}::text[]) AS x(v, p, f)
      ON CONFLICT (horaires_accueil) DO NOTHING`)
  }
  return rows.length
}

/**
 * Links the lieux whose hours have no row yet (values written by hand in SQL, or before this
 * table existed): the rows are made, then the trigger links them. Not a change of the lieux'
 * content: they keep their place in the change feed.
 */
export async function linkHoraires(db: Executor): Promise<number> {
  const missing = rowsOf<{ v: string }>(await db.execute(sql`SELECT DISTINCT horaires_accueil AS v FROM lieux
    WHERE horaire IS NULL AND horaires_accueil IS NOT NULL`)).map((r) => r.v)
  if (missing.length === 0) return 0
  await ensureHoraires(db, missing)
  const updated = rowsOf<{ n: number }>(await db.execute(sql`WITH u AS (UPDATE lieux SET horaires_accueil = horaires_accueil
    WHERE horaire IS NULL AND horaires_accueil IS NOT NULL RETURNING horaire) SELECT count(horaire)::int AS n FROM u`))
  return updated[0]?.n ?? 0
}

/** The public holidays of a year in a region, as the library has them (national ones included). */
export function holidaysOf(region: string, year: number): { jour: string; nom: string }[] {
  const hours = new OpeningHours('PH', { lat: 48.86, lon: 2.35, address: { country_code: 'fr', state: region } })
  return hours.getOpenIntervals(new Date(Date.UTC(year, 0, 1)), new Date(Date.UTC(year + 1, 0, 1))).map(([from, , , comment]) => ({
    jour: from.toISOString().slice(0, 10),
    nom: comment ?? ''
  }))
}

/** The years known filled, per database handle (a fresh test database starts with none known). */
const filled = new WeakMap<object, Set<number>>()

/** Fills `jours_feries` for these years, once each (any year: the library computes Easter and the rest). */
export async function ensureHolidayYears(db: Executor, years: number[]): Promise<void> {
  const filledYears = filled.get(db) ?? new Set<number>()
  filled.set(db, filledYears)
  const wanted = [...new Set(years)].filter((y) => !filledYears.has(y))
  if (wanted.length === 0) return
  const present = new Set(rowsOf<{ annee: number }>(await db.execute(sql`SELECT annee FROM annees_feries
    WHERE annee = ANY(${sql.param(wanted)}::int[])`)).map((r) => r.annee))
  for (const year of wanted.filter((y) => !present.has(y))) {
    const days = HOLIDAY_REGIONS.flatMap((r) => holidaysOf(r.nom, year).map((d) => ({ region: r.nom, ...d })))
    await db.execute(sql`INSERT INTO jours_feries (region, jour, nom)
      SELECT r, j::date, n FROM unnest(${sql.param(days.map((d) => d.region))}::text[], ${sql.param(days.map((d) => d.jour))}::text[],
        ${sql.param(days.map((d) => d.nom))}::text[]) AS x(r, j, n)
      ON CONFLICT DO NOTHING`)
    await db.execute(sql`INSERT INTO annees_feries (annee) VALUES (${year}) ON CONFLICT DO NOTHING`)
  }
  for (const y of wanted) filledYears.add(y)
}
