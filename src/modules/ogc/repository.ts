// What OGC API Features needs beyond the lieux queries: each collection's spatial extent.
import { sql } from 'drizzle-orm'
import type { DatabaseHandle } from '../../db/client.js'

export type Extent = [number, number, number, number]

const EXTENT_TTL_MS = 10 * 60_000

export function ogcRepository(database: DatabaseHandle) {
  let cached: { byType: Map<string, Extent>; all: Extent | null; loadedAt: number } | undefined
  return {
    /** The bounding box of the active lieux, overall and by type: one scan, kept ten minutes (it moves with imports only). */
    async extents(): Promise<{ byType: Map<string, Extent>; all: Extent | null }> {
      if (!cached || Date.now() - cached.loadedAt > EXTENT_TTL_MS) {
        const found = await database.rows<{ type: string | null; x0: number; y0: number; x1: number; y1: number }>(sql`SELECT type,
            ST_XMin(e)::float8 AS x0, ST_YMin(e)::float8 AS y0, ST_XMax(e)::float8 AS x1, ST_YMax(e)::float8 AS y1
          FROM (SELECT type, ST_Extent(position::geometry) AS e FROM lieux WHERE statut = 'actif' GROUP BY ROLLUP (type)) x`)
        const box = (r: (typeof found)[number]): Extent => [r.x0, r.y0, r.x1, r.y1]
        const all = found.find((r) => r.type === null)
        cached = {
          byType: new Map(found.filter((r) => r.type !== null).map((r) => [r.type!, box(r)])),
          all: all ? box(all) : null,
          loadedAt: Date.now()
        }
      }
      return cached
    }
  }
}

export type OgcRepository = ReturnType<typeof ogcRepository>
