// What every importer reports, and the lookups they share.
import { isNotNull, sql } from 'drizzle-orm'
import type { Database } from '../../db/client.js'
import type { LonLat } from '../../db/geography.js'
import { communes } from '../../db/schema.js'
import { currentCommuneCodes } from '../territories/load.js'

export interface ImportSummary {
  source: string
  lus: number
  inseres: number
  mis_a_jour: number
  inchanges: number
  rejetes: number
  /** Rows of the file that are not AIO offices (other kinds of establishment). */
  ignores: number
  /** Rows placed at their commune centre, for want of coordinates. */
  positions_approchees: number
  /** Rejected rows by reason. */
  raisons: Record<string, number>
  /** Values dropped from kept rows, by field. */
  valeurs_ecartees: Record<string, number>
  par_type: Record<string, number>
}

/**
 * What an importer needs besides its file: the report it fills, and the territories to
 * place offices (today's commune codes, commune centres).
 */
export async function importContext(db: Database, source: string, lus: number) {
  const report = importReport(source, lus)
  const currentCodes = currentCommuneCodes()
  const centres = await communeCentres(db)
  return {
    ...report,
    /** A valid INSEE code, moved to today's commune when it has since merged. */
    communeCode(raw: string | undefined): string | null {
      const code = raw?.trim() ?? ''
      return /^(\d{5}|2[AB]\d{3})$/.test(code) ? (currentCodes.get(code) ?? code) : null
    },
    /**
     * The first valid point among the source's; else, flagged as such, the centre of the
     * commune, so that the office still answers "near me"; else the row is rejected (null).
     */
    place(points: [number | undefined, number | undefined][], codeInsee: string | null): { position: LonLat; precision: 'adresse' | 'commune' } | null {
      for (const [lon, lat] of points) {
        const position = validPoint(lon, lat)
        if (position) return { position, precision: 'adresse' }
      }
      const centre = codeInsee ? centres.get(codeInsee) : undefined
      if (centre) {
        report.summary.positions_approchees++
        return { position: centre, precision: 'commune' }
      }
      report.reject('position absente ou invalide, commune inconnue')
      return null
    }
  }
}

export function importReport(source: string, lus: number) {
  const summary: ImportSummary = {
    source, lus, inseres: 0, mis_a_jour: 0, inchanges: 0, rejetes: 0, ignores: 0, positions_approchees: 0,
    raisons: {}, valeurs_ecartees: {}, par_type: {}
  }
  return {
    summary,
    reject(reason: string) {
      summary.rejetes++
      summary.raisons[reason] = (summary.raisons[reason] ?? 0) + 1
    },
    kept(type: string) {
      summary.par_type[type] = (summary.par_type[type] ?? 0) + 1
    },
    /** Cleans a field; a value present but malformed is dropped and counted. */
    clean<T>(field: string, raw: string | undefined, fn: (value: string | undefined) => T | null): T | null {
      const value = fn(raw)
      if (raw && raw.trim() !== '' && value === null) {
        summary.valeurs_ecartees[field] = (summary.valeurs_ecartees[field] ?? 0) + 1
      }
      return value
    }
  }
}

export function validPoint(lon: number | undefined, lat: number | undefined): LonLat | null {
  if (typeof lon !== 'number' || typeof lat !== 'number' || !Number.isFinite(lon) || !Number.isFinite(lat)) return null
  if (Math.abs(lat) > 90 || Math.abs(lon) > 180 || (lat === 0 && lon === 0)) return null
  return { lon, lat }
}

/** Commune centres by INSEE code: the fallback position of an office without coordinates. */
export async function communeCentres(db: Database): Promise<Map<string, LonLat>> {
  const rows = await db
    .select({
      code: communes.code_insee,
      lon: sql<number>`ST_X(${communes.centre}::geometry)::float8`,
      lat: sql<number>`ST_Y(${communes.centre}::geometry)::float8`
    })
    .from(communes)
    .where(isNotNull(communes.centre))
  return new Map(rows.map((r): [string, LonLat] => [r.code, { lon: r.lon, lat: r.lat }]))
}
