// The lieux of one web-map tile, in the tile's own coordinates (Web Mercator, 4096 units a
// side), computed in SQL: the points themselves at street zooms, and below that one point per
// cell of a grid with the number of lieux it stands for, so that a tile of all France stays
// small. Plain SQL over the GiST index: the same on both engines (the embedded PostGIS has no
// ST_AsMVT); the encoding is done once, in JS (service.ts).
import { type SQL, sql } from 'drizzle-orm'
import type { DatabaseHandle } from '../../db/client.js'
import { ACTIVE_LIEU, lieuConditions } from '../sites/repository.js'

export const EXTENT = 4096
/** From this zoom on, each lieu is its own point. */
export const POINTS_FROM_ZOOM = 13
/**
 * Below it, lieux are grouped in cells of this many tile units: 8 cells a side, 32 pixels apart
 * on a 256-pixel map tile, so that a cluster's disc and its count fit in its cell.
 */
export const CELL = 512
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

/** The SQL of a tile's points (exported for the benchmark's floor, which sends it straight to the database). */
export function tilePointsQuery(z: number, x: number, y: number): SQL {
  const [w, s, e, n] = tileBounds(z, x, y, BUFFER)
  const scale = 2 ** z * EXTENT
  // Web Mercator in tile units, from the point's longitude and latitude.
  const px = sql`((ST_X(l.position::geometry) + 180) / 360 * ${scale} - ${x * EXTENT})`
  const py = sql`((1 - ln(tan(radians(ST_Y(l.position::geometry))) + 1 / cos(radians(ST_Y(l.position::geometry)))) / pi()) / 2 * ${scale} - ${y * EXTENT})`
  // The same box condition as /v1/lieux?bbox= (index filter, then the exact lon/lat box).
  const inTile = sql.join([ACTIVE_LIEU, ...lieuConditions({ bbox: [w, s, e, n] })], sql` AND `)
  if (z >= POINTS_FROM_ZOOM) {
    return sql`SELECT round(${px})::int AS x, round(${py})::int AS y, 1 AS n, l.id, l.nom, l.type, t.sigle
      FROM lieux l JOIN types t ON t.code = l.type WHERE ${inTile} ORDER BY l.id`
  }
  return sql`SELECT round(avg(px))::int AS x, round(avg(py))::int AS y, count(*)::int AS n,
      CASE WHEN count(*) = 1 THEN min(id) END AS id, CASE WHEN count(*) = 1 THEN min(nom) END AS nom,
      CASE WHEN count(*) = 1 THEN min(type) END AS type, CASE WHEN count(*) = 1 THEN min(sigle) END AS sigle
    FROM (SELECT ${px} AS px, ${py} AS py, l.id, l.nom, l.type, t.sigle FROM lieux l JOIN types t ON t.code = l.type WHERE ${inTile}) p
    GROUP BY floor(px / ${CELL}), floor(py / ${CELL}) ORDER BY 1, 2`
}

export function tilesRepository(database: DatabaseHandle) {
  return {
    tilePoints: (z: number, x: number, y: number) => database.rows<TilePoint>(tilePointsQuery(z, x, y)),
    /** Encoded tiles by `revision/z/x/y` (service.ts): one cache per app, not per process. */
    encoded: new Map<string, Buffer | null>()
  }
}

export type TilesRepository = ReturnType<typeof tilesRepository>
