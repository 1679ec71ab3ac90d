// What every importer reports, and the lookups they share.
import { eq, isNotNull, sql } from 'drizzle-orm'
import type { Database } from '../../db/client.js'
import type { LonLat } from '../../db/geography.js'
import { communes, positionsCorrigees } from '../../db/schema.js'
import { currentCommuneCodes } from '../../modules/territories/load.js'
import type { Tx } from '../../modules/sites/lieux-writer.js'
import { checkPosition, communeSizes, type PositionMotif } from '../../modules/sites/positions.js'

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
  /** Rows whose coordinates could not be trusted, placed at their commune centre instead, by reason. */
  positions_corrigees: Partial<Record<PositionMotif, number>>
  /** Rejected rows by reason. */
  raisons: Record<string, number>
  /** Values dropped from kept rows, by field. */
  valeurs_ecartees: Record<string, number>
  par_type: Record<string, number>
  /** Lieux of an older source this one took over (the same place). */
  repris?: number
  /** Lieux of an older source left unconfirmed by this one. */
  a_confirmer?: number
}

/**
 * What an importer needs besides its file: the report it fills, and the territories to
 * place offices (today's commune codes, commune centres).
 */
export async function importContext(db: Database, source: string, lus: number) {
  const report = importReport(source, lus)
  const currentCodes = currentCommuneCodes()
  const { centres, arrondissements } = await communeCentres(db)
  const sizeOf = communeSizes(centres, (code) => arrondissements.has(code))
  const corrections = new Map<string, typeof positionsCorrigees.$inferInsert>()
  return {
    ...report,
    /** A valid INSEE code, moved to today's commune when it has since merged. */
    communeCode(raw: string | undefined): string | null {
      const code = raw?.trim() ?? ''
      return /^(\d{5}|2[AB]\d{3})$/.test(code) ? (currentCodes.get(code) ?? code) : null
    },
    /**
     * The first valid point among the source's, when it can be trusted (positions.ts); else,
     * flagged as such, the centre of the commune, so that the office still answers "near me"
     * without sending anyone to the wrong place; else the row is rejected (null). An untrusted
     * point is kept for `saveCorrections`, under the row's `sourceId`.
     */
    place(points: [number | undefined, number | undefined][], codeInsee: string | null, sourceId: string): { position: LonLat; precision: 'adresse' | 'commune' } | null {
      const centre = (codeInsee ? centres.get(codeInsee) : undefined) ?? null
      for (const [lon, lat] of points) {
        const position = validPoint(lon, lat)
        if (!position) continue
        const doubt = checkPosition(position, centre, codeInsee ? sizeOf(codeInsee) : null)
        if (!doubt) return { position, precision: 'adresse' }
        if (centre) report.summary.positions_corrigees[doubt.motif] = (report.summary.positions_corrigees[doubt.motif] ?? 0) + 1
        corrections.set(sourceId, {
          lieu: '', source, source_id: sourceId, latitude: position.lat, longitude: position.lon,
          distance_commune_m: doubt.distance === null ? null : Math.round(doubt.distance), motif: doubt.motif
        })
        break
      }
      if (centre) {
        if (!corrections.has(sourceId)) report.summary.positions_approchees++
        return { position: centre, precision: 'commune' }
      }
      report.reject(corrections.has(sourceId) ? 'position douteuse, commune sans centre' : 'position absente ou invalide, commune inconnue')
      corrections.delete(sourceId)
      return null
    },

    /**
     * Replaces this source's list of corrected positions, in the import's transaction: the
     * lieux are found by (source, source_id), so a row another source has taken over is left out.
     */
    async saveCorrections(tx: Tx): Promise<void> {
      await tx.delete(positionsCorrigees).where(eq(positionsCorrigees.source, source))
      const rows = [...corrections.values()]
      for (let i = 0; i < rows.length; i += 500) {
        const batch = rows.slice(i, i + 500)
        await tx.execute(sql`INSERT INTO positions_corrigees (lieu, source, source_id, latitude, longitude, distance_commune_m, motif)
          SELECT l.id, c.source, c.source_id, c.latitude, c.longitude, c.distance_commune_m, c.motif
          FROM json_to_recordset(${JSON.stringify(batch)}::json)
            AS c(source text, source_id text, latitude float8, longitude float8, distance_commune_m int, motif text)
          JOIN lieux l ON l.source = c.source AND l.source_id = c.source_id`)
      }
    }
  }
}

export function importReport(source: string, lus: number) {
  const summary: ImportSummary = {
    source, lus, inseres: 0, mis_a_jour: 0, inchanges: 0, rejetes: 0, ignores: 0, positions_approchees: 0, positions_corrigees: {},
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

/** Commune centres by INSEE code (the fallback position of an office), and which are arrondissements. */
export async function communeCentres(db: Database): Promise<{ centres: Map<string, LonLat>; arrondissements: Set<string> }> {
  const rows = await db
    .select({
      code: communes.code_insee,
      type: communes.type,
      lon: sql<number>`ST_X(${communes.centre}::geometry)::float8`,
      lat: sql<number>`ST_Y(${communes.centre}::geometry)::float8`
    })
    .from(communes)
    .where(isNotNull(communes.centre))
  return {
    centres: new Map(rows.map((r): [string, LonLat] => [r.code, { lon: r.lon, lat: r.lat }])),
    arrondissements: new Set(rows.filter((r) => r.type === 'arrondissement-municipal').map((r) => r.code))
  }
}
