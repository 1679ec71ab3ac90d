// Mapbox Vector Tile 2.1 encoding of a tile's points (layer `lieux`), with a cache of encoded
// tiles keyed by the data revision: a map's tiles are asked again and again, and change only
// when the lieux do.
import vtpbf from 'vt-pbf'
import type { FastifyInstance } from 'fastify'
import { EXTENT, type TilePoint } from './repository.js'

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
  const tile = encode(await app.tiles.tilePoints(z, x, y))
  if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value!)
  cache.set(key, tile)
  return { tile, revision }
}
