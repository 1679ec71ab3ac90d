// Mapbox Vector Tile 2.1 encoding of a tile's points (layer `lieux`), with a cache of encoded
// tiles keyed by the data revision: a map's tiles are asked again and again, and change only
// when the lieux do.
import vtpbf from 'vt-pbf'
import { onPrimary } from '../../db/replicas.js'
import type { FastifyInstance } from 'fastify'
import { EXTENT, POINTS_FROM_ZOOM, type TilePoint } from './repository.js'

const CACHE_SIZE = 5_000

function encode(points: TilePoint[]): Buffer | null {
  if (points.length === 0) return null
  const features = points.map((p) => ({
    type: 1 as const,
    geometry: [[p.x, p.y] as [number, number]],
    // One lieu: its id, name and type; a cluster: how many lieux it stands for.
    tags: (p.n === 1 && p.id ? { id: p.id, nom: p.nom ?? '', type: p.type ?? '', sigle: p.sigle ?? '' } : { cluster: true, nombre: p.n }) as Record<string, string | number | boolean>
  }))
  return Buffer.from(vtpbf.fromGeojsonVt({ lieux: { features } }, { version: 2, extent: EXTENT }))
}

/** The tile (null when empty) and the data revision it was made from. */
export async function lieuxTile(app: FastifyInstance, z: number, x: number, y: number): Promise<{ tile: Buffer | null; revision: number }> {
  const revision = await app.sites.changeToken()
  const cache = app.tiles.encoded
  const key = `${revision}/${z}/${x}/${y}`
  if (cache.has(key)) {
    const tile = cache.get(key)!
    // Most recently used last: the oldest entry is the first one dropped.
    cache.delete(key)
    cache.set(key, tile)
    return { tile, revision }
  }
  const tile = encode(await tilePoints(app, revision, z, x, y))
  if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value!)
  cache.set(key, tile)
  return { tile, revision }
}

/** A clustered tile from `tuiles_grappes` when it matches the revision; else from the lieux, while the table is remade. */
async function tilePoints(app: FastifyInstance, revision: number, z: number, x: number, y: number): Promise<TilePoint[]> {
  if (z >= POINTS_FROM_ZOOM) return app.tiles.tilePoints(z, x, y)
  if (await clustersReady(app, revision)) return app.tiles.clusteredTile(z, x, y)
  return app.tiles.tilePoints(z, x, y)
}

/**
 * Whether the clusters table was made from this revision; if not, starts remaking it (once per
 * app at a time, in the background: the tile that asked is made from the lieux meanwhile).
 */
export async function clustersReady(app: FastifyInstance, revision: number): Promise<boolean> {
  const state = app.tiles.state
  if (state.revision === revision) return true
  state.revision = await app.tiles.clusters.revision()
  if (state.revision === revision) return true
  // A tile is a read (a replica's, maybe); the table is written on the primary.
  state.remaking ??= onPrimary(() => app.tiles.clusters.remake(revision))
    .then((made) => {
      if (made) state.revision = revision
    })
    .catch((error: unknown) => app.log.error({ err: error }, 'tile clusters not remade'))
    .finally(() => {
      state.remaking = undefined
    })
  return false
}
