// The clusters of the tiles below POINTS_FROM_ZOOM, made once per data revision into
// `tuiles_grappes`: one pass over the lieux for zoom 12, then each zoom from the one above
// (a thousand rows or so), so that a tile of all France reads some eighty cells instead of
// grouping every lieu. Until the table matches the data, tiles are grouped from the lieux
// themselves (repository.ts): the same cells, slower, never stale.
import { type SQL, sql } from 'drizzle-orm'
import { type DatabaseHandle, rowsOf } from '../../db/client.js'
import { ACTIVE_LIEU } from '../sites/repository.js'

/** Cells per tile side: a cluster every 32 pixels on a 256-pixel map tile. */
export const CELLS = 8
/** The finest clustered zoom; from the next one, each lieu is its own point. */
export const FINEST = 12
// Any number, the same in every process: one of them remakes the table at a time.
const LOCK = 7_140_012

/** A point's Web Mercator coordinates, 0–1 from the world's top left. */
export const mercatorX = sql`((ST_X(l.position::geometry) + 180) / 360)`
export const mercatorY = sql`((1 - ln(tan(radians(ST_Y(l.position::geometry))) + 1 / cos(radians(ST_Y(l.position::geometry)))) / pi()) / 2)`

const fromLieux = (cells: number): SQL => sql`
  INSERT INTO tuiles_grappes (z, cx, cy, nombre, sx, sy, lieu)
  SELECT ${FINEST}, floor(mx * ${cells})::int, floor(my * ${cells})::int, count(*), sum(mx), sum(my),
    CASE WHEN count(*) = 1 THEN min(id) END
  FROM (SELECT l.id, ${mercatorX} AS mx, ${mercatorY} AS my FROM lieux l WHERE ${ACTIVE_LIEU}) p
  GROUP BY 2, 3`

const fromZoomAbove = (z: number): SQL => sql`
  INSERT INTO tuiles_grappes (z, cx, cy, nombre, sx, sy, lieu)
  SELECT ${z}, cx / 2, cy / 2, sum(nombre), sum(sx), sum(sy), CASE WHEN sum(nombre) = 1 THEN min(lieu) END
  FROM tuiles_grappes WHERE z = ${z + 1} GROUP BY cx / 2, cy / 2`

export function clustersRepository(database: DatabaseHandle) {
  return {
    /** The revision the table was made from, or null before the first time. */
    async revision(): Promise<number | null> {
      const [row] = await database.rows<{ revision: string }>(sql`SELECT revision::text FROM tuiles_grappes_revision`)
      return row ? Number(row.revision) : null
    },

    /**
     * Remakes the table from the lieux, labelled with `revision` read before (data newer than its
     * label only means one more remake). False when another process is at it.
     */
    async remake(revision: number): Promise<boolean> {
      return database.db.transaction(async (tx) => {
        const run = async (query: SQL) => tx.execute(query)
        const [lock] = rowsOf<{ ok: boolean }>(await tx.execute(sql`SELECT pg_try_advisory_xact_lock(${LOCK}) AS ok`))
        if (!lock?.ok) return false
        await run(sql`DELETE FROM tuiles_grappes`)
        await run(fromLieux(2 ** FINEST * CELLS))
        for (let z = FINEST - 1; z >= 0; z--) await run(fromZoomAbove(z))
        await run(sql`DELETE FROM tuiles_grappes_revision`)
        await run(sql`INSERT INTO tuiles_grappes_revision (revision) VALUES (${revision})`)
        return true
      })
    }
  }
}
