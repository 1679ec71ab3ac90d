// The lieux of one web-map tile, in the tile's own coordinates (Web Mercator, 4096 units a
// side), computed in SQL: the points themselves at street zooms, and below that one point per
// cell of a grid with the number of lieux it stands for, so that a tile of all France stays
// small. Plain SQL over the GiST index: the same on both engines (the embedded PostGIS has no
// ST_AsMVT); the encoding is done once, in JS (service.ts).
import { type SQL, sql } from 'drizzle-orm'
import type { DatabaseHandle } from '../../db/client.js'
import { ACTIVE_LIEU, lieuConditions } from '../sites/repository.js'
import { CELLS, clustersRepository, FINEST, mercatorX, mercatorY } from './clusters.js'

export const EXTENT = 4096
/** From this zoom on, each lieu is its own point. */
export const POINTS_FROM_ZOOM = FINEST + 1
/** Below it, lieux are grouped in cells of this many tile units (clusters.ts). */
export const CELL = EXTENT / CELLS
/** Points just outside the tile, drawn by the map where they overlap the edge. */
const BUFFER = 64

export interface TilePoint { x: number; y: number; n: number; id: string | null; nom: string | null; type: string | null; sigle: string | null }

/** Longitude/latitude bounds of tile z/x/y. */
export function tileBounds(z: number, x: number, y: number, buffer = 0): [number, number, number, number] {
  const n = 2 ** z
  const pad = buffer / EXTENT
  const lon = (tx: number) => (tx / n) * 360 - 180
  const lat = (ty: number) => (Math.atan(Math.sinh(Math.PI * (1 - (2 * ty) / n))) * 180) / Math.PI
  return [Math.max(-180, lon(x - pad)), Math.max(-85.0511, lat(y + 1 + pad)), Math.min(180, lon(x + 1 + pad)), Math.min(85.0511, lat(y - pad))]
}

const inBuffer = sql`WHERE x BETWEEN ${-BUFFER} AND ${EXTENT + BUFFER} AND y BETWEEN ${-BUFFER} AND ${EXTENT + BUFFER}`

/** A clustered tile's points from `tuiles_grappes`: its cells and those of the ring around it whose mean falls in the buffer. */
export function clusteredTileQuery(z: number, x: number, y: number): SQL {
  const scale = 2 ** z * EXTENT
  return sql`SELECT * FROM (
      SELECT round(g.sx / g.nombre * ${scale} - ${x * EXTENT})::int AS x, round(g.sy / g.nombre * ${scale} - ${y * EXTENT})::int AS y,
        g.nombre AS n, l.id, l.nom, l.type, t.sigle
      FROM tuiles_grappes g LEFT JOIN lieux l ON l.id = g.lieu LEFT JOIN types t ON t.code = l.type
      WHERE g.z = ${z} AND g.cx BETWEEN ${x * CELLS - 1} AND ${x * CELLS + CELLS} AND g.cy BETWEEN ${y * CELLS - 1} AND ${y * CELLS + CELLS}
    ) p ${inBuffer} ORDER BY 1, 2`
}

/**
 * The SQL of a tile's points from the lieux themselves (exported for the benchmark's floor,
 * which sends it straight to the database). Clustered tiles group the same cells as
 * `tuiles_grappes` (those of the tile and the ring around it, kept when their mean falls in the
 * buffer), so that a tile is the same whichever way it was made.
 */
export function tilePointsQuery(z: number, x: number, y: number): SQL {
  const clustered = z < POINTS_FROM_ZOOM
  const [w, s, e, n] = tileBounds(z, x, y, clustered ? CELL : BUFFER)
  const scale = 2 ** z * EXTENT
  // The same box condition as /v1/lieux?bbox= (index filter, then the exact lon/lat box).
  const inBox = sql.join([ACTIVE_LIEU, ...lieuConditions({ bbox: [w, s, e, n] })], sql` AND `)
  if (!clustered) {
    return sql`SELECT round(${mercatorX} * ${scale} - ${x * EXTENT})::int AS x, round(${mercatorY} * ${scale} - ${y * EXTENT})::int AS y,
        1 AS n, l.id, l.nom, l.type, t.sigle
      FROM lieux l JOIN types t ON t.code = l.type WHERE ${inBox} ORDER BY l.id`
  }
  return sql`SELECT * FROM (
      SELECT round(sum(mx) / count(*) * ${scale} - ${x * EXTENT})::int AS x, round(sum(my) / count(*) * ${scale} - ${y * EXTENT})::int AS y,
        count(*)::int AS n, CASE WHEN count(*) = 1 THEN min(id) END AS id, CASE WHEN count(*) = 1 THEN min(nom) END AS nom,
        CASE WHEN count(*) = 1 THEN min(type) END AS type, CASE WHEN count(*) = 1 THEN min(sigle) END AS sigle
      FROM (SELECT ${mercatorX} AS mx, ${mercatorY} AS my, l.id, l.nom, l.type, t.sigle FROM lieux l JOIN types t ON t.code = l.type WHERE ${inBox}) p
      GROUP BY floor(mx * ${2 ** z * CELLS}), floor(my * ${2 ** z * CELLS})
    ) q ${inBuffer} ORDER BY 1, 2`
}

export function tilesRepository(database: DatabaseHandle) {
  return {
    tilePoints: (z: number, x: number, y: number) => database.rows<TilePoint>(tilePointsQuery(z, x, y)),
    clusteredTile: (z: number, x: number, y: number) => database.rows<TilePoint>(clusteredTileQuery(z, x, y)),
    clusters: clustersRepository(database),
    /** The revision the clusters table is known to match, and its remaking in flight (service.ts). */
    state: { revision: null as number | null, remaking: undefined as Promise<void> | undefined },
    /** Encoded tiles by `revision/z/x/y` (service.ts): one cache per app, not per process. */
    encoded: new Map<string, Buffer | null>()
  }
}

export type TilesRepository = ReturnType<typeof tilesRepository>
