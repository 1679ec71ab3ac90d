// Which lieux are open at an instant, answered by the database: each region's local time and
// holiday status (jours_feries) picks the hours rows whose plages contain that minute. The
// answer is a filter the lieux queries add to their WHERE (sites/repository.ts), so that pages
// keep their order and their keyset, and a KNN stays a KNN.
import { type SQL, sql } from 'drizzle-orm'
import type { DatabaseHandle } from '../../db/client.js'
import { onPrimary } from '../../db/replicas.js'
import { ensureHolidayYears } from './horaires.js'
import { HOLIDAY_REGIONS } from './zones.js'

export interface OpenFilter {
  /** The instant, to the minute (OSM hours are to the minute). */
  at: Date
  /**
   * Regions whose clocks show the same minute, with the same holiday status, read the same rows:
   * each region's class (its index in `classes`), null where nothing is open.
   */
  classOfRegion: (number | null)[]
  /**
   * For each open row, bit horaire * 16 + class set (hex, get_bit's order): a lieu is open when the
   * bit of its (horaire, class of its region) is. A bit string, not an array of thousands of
   * numbers: the planner weighs each element of an array, which cost more than the query itself.
   */
  bits: string
  /** How many bits `bits` holds (a row added since reads past it: not open, rather than an error). */
  bitCount: number
  /** The open rows, whatever the region: what the index on lieux.horaire reads when few lieux are open. */
  horaires: number[]
  /** How many lieux that makes, from counts a few minutes old: only the plan depends on it. */
  estimate: number
  /** All the lieux with hours the filter can read. */
  total: number
}

/** The filter's condition on `lieux l`. */
export function openCondition(open: OpenFilter): SQL {
  const key = sql`(l.horaire * 16 + (${sql.param(open.classOfRegion)}::int[])[l.region_feries + 1])`
  return sql`(CASE WHEN ${key} < ${open.bitCount} THEN get_bit(decode(${open.bits}, 'hex'), ${key}) = 1 ELSE false END)`
}

/**
 * Whether to read the open lieux by the index on their hours and sort them, rather than walk
 * the nearest lieux until enough are open: a KNN reads about (limit × all / open) rows, the
 * index about `open`; at night or on a holiday the second is far fewer.
 */
export function fewOpen(open: OpenFilter, limit: number): boolean {
  return open.estimate * open.estimate < 4 * open.total * (limit + 1)
}

const COUNTS_TTL_MS = 10 * 60_000

export function openingRepository(database: DatabaseHandle) {
  const { rows } = database
  let counts: { byHoraire: Map<number, number[]>; total: number; loadedAt: number } | undefined
  const answers = new Map<number, OpenFilter>()

  async function lieuxCounts() {
    if (!counts || Date.now() - counts.loadedAt > COUNTS_TTL_MS) {
      const found = await rows<{ horaire: number; region: number; n: number }>(sql`SELECT horaire, region_feries AS region, count(*)::int AS n
        FROM lieux WHERE statut = 'actif' AND horaire IS NOT NULL GROUP BY 1, 2`)
      const byHoraire = new Map<number, number[]>()
      let total = 0
      for (const r of found) {
        const perRegion = byHoraire.get(r.horaire) ?? HOLIDAY_REGIONS.map(() => 0)
        perRegion[r.region] = r.n
        byHoraire.set(r.horaire, perRegion)
        total += r.n
      }
      counts = { byHoraire, total, loadedAt: Date.now() }
    }
    return counts
  }

  // On the primary: a year asked for the first time writes its holidays, then reads them back.
  const compute = (at: Date) => onPrimary(() => computeAt(at))

  async function computeAt(at: Date): Promise<OpenFilter> {
    const year = at.getUTCFullYear()
    await ensureHolidayYears(database.db, [year - 1, year, year + 1])
    const found = await rows<{ regions: number[]; horaires: number[] }>(sql`WITH r AS (
        SELECT id, nom, (${at.toISOString()}::timestamptz AT TIME ZONE fuseau) AS t
        FROM unnest(${sql.param(HOLIDAY_REGIONS.map((x) => x.id))}::int[], ${sql.param(HOLIDAY_REGIONS.map((x) => x.nom))}::text[],
          ${sql.param(HOLIDAY_REGIONS.map((x) => x.fuseau))}::text[]) AS r(id, nom, fuseau)
      ), s AS (
        SELECT r.id, EXISTS (SELECT 1 FROM jours_feries f WHERE f.region = r.nom AND f.jour = r.t::date) AS ferie,
          extract(hour FROM r.t)::int * 60 + extract(minute FROM r.t)::int AS jour_minute,
          (extract(isodow FROM r.t)::int - 1) * 1440 AS debut_semaine
        FROM r
      ), c AS (
        SELECT ferie, CASE WHEN ferie THEN jour_minute ELSE debut_semaine + jour_minute END AS minute, array_agg(id ORDER BY id) AS regions
        FROM s GROUP BY 1, 2
      )
      SELECT c.regions, ARRAY(SELECT h.id FROM horaires h
          WHERE CASE WHEN c.ferie THEN h.plages_feries @> c.minute ELSE h.plages @> c.minute END ORDER BY h.id) AS horaires
      FROM c ORDER BY c.regions[1]`)
    const { byHoraire, total } = await lieuxCounts()
    const classOfRegion: (number | null)[] = HOLIDAY_REGIONS.map(() => null)
    const keys: number[] = []
    const horaires = new Set<number>()
    let estimate = 0
    found.forEach((c, index) => {
      if (c.horaires.length === 0) return
      for (const region of c.regions) classOfRegion[region] = index
      for (const h of c.horaires) {
        keys.push(h * 16 + index)
        horaires.add(h)
        const n = byHoraire.get(h)
        if (n) for (const region of c.regions) estimate += n[region] ?? 0
      }
    })
    const bitmap = Buffer.alloc(Math.max(1, Math.ceil((keys.reduce((m, k) => Math.max(m, k), -1) + 1) / 8)))
    for (const k of keys) bitmap[k >> 3]! |= 1 << (k & 7)
    return { at, classOfRegion, bits: bitmap.toString('hex'), bitCount: bitmap.length * 8, horaires: [...horaires], estimate, total }
  }

  return {
    /** The open filter at an instant: computed once a minute (and per instant asked ahead). */
    async openAt(instant: Date): Promise<OpenFilter> {
      const minute = Math.floor(instant.getTime() / 60_000)
      let answer = answers.get(minute)
      if (!answer) {
        answer = await compute(new Date(minute * 60_000))
        if (answers.size >= 16) answers.delete(answers.keys().next().value!)
        answers.set(minute, answer)
      }
      return answer
    },

    /** Forgets what was computed: after a write, a lieu's new hours count at once. */
    forget() {
      answers.clear()
      counts = undefined
    }
  }
}

export type OpeningRepository = ReturnType<typeof openingRepository>
